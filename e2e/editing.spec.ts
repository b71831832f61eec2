// Editing: undo/redo to exact states, copy/paste (also into another tab), delete, groups.
import { expect, test } from '@playwright/test';
import { attentionBlock } from './fixtures';
import { addNode, byTestId, clickNode, connect, graphOf, nodeEl, openEmpty, openGraph, selectedIds, shapeBadge, TID, clickBlank } from './helpers';

test('undo and redo walk back and forth through exact document states', async ({ page }) => {
  await openEmpty(page);
  const states = [JSON.stringify(await graphOf(page))];
  const snap = async () => states.push(JSON.stringify(await graphOf(page)));

  const corpus = await addNode(page, 'text-corpus', { x: 40, y: 80 });
  await snap();
  const emb = await addNode(page, 'embedding', { x: 340, y: 80 });
  await snap();
  await connect(page, [corpus, 'tokens'], [emb, 'tokens']);
  await expect.poll(async () => (await graphOf(page)).edges.length).toBe(1);
  await snap();
  // A typing burst is one step.
  const field = nodeEl(page, emb).getByTestId(TID.param('dModel'));
  await field.fill('');
  await field.pressSequentially('96');
  await field.blur();
  await expect(shapeBadge(page, emb, 'y')).toHaveText('[B, 64, 96]');
  await snap();
  // A drag is one step.
  const head = nodeEl(page, emb).locator('.tl-node-head');
  const box = (await head.boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 40 + i * 12, box.y + box.height / 2 + i * 8);
  await page.mouse.up();
  await expect.poll(async () => JSON.stringify(await graphOf(page))).not.toBe(states.at(-1));
  await snap();
  // Delete is one step.
  await clickNode(page, corpus);
  await page.keyboard.press('Delete');
  await expect(nodeEl(page, corpus)).toHaveCount(0);
  await snap();

  await clickBlank(page);
  for (let i = states.length - 2; i >= 0; i--) {
    await page.keyboard.press('Control+z');
    await expect.poll(async () => JSON.stringify(await graphOf(page))).toBe(states[i]);
  }
  await expect(byTestId(page, TID.undo)).toBeDisabled();
  for (let i = 1; i < states.length; i++) {
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => JSON.stringify(await graphOf(page))).toBe(states[i]);
  }
  // Toolbar buttons do the same.
  await byTestId(page, TID.undo).click();
  await expect.poll(async () => JSON.stringify(await graphOf(page))).toBe(states.at(-2));
  await byTestId(page, TID.redo).click();
  await expect.poll(async () => JSON.stringify(await graphOf(page))).toBe(states.at(-1));
});

test('copy and paste through the clipboard as graph JSON, with fresh ids, also into another tab', async ({ page, context }) => {
  await openGraph(page, attentionBlock());
  await clickNode(page, 'mha');
  await clickNode(page, 'rn', ['Shift']);
  expect((await selectedIds(page)).sort()).toEqual(['mha', 'rn']);
  await page.keyboard.press('Control+c');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  const copied = JSON.parse(text);
  expect(copied.format).toBe('tensorloom-graph');
  expect(copied.nodes.map((n: { id: string }) => n.id)).toEqual(['mha', 'rn']);
  expect(copied.edges).toHaveLength(1);

  await page.mouse.move(700, 700);
  await page.keyboard.press('Control+v');
  await expect.poll(async () => (await graphOf(page)).nodes.length).toBe(7);
  const g = await graphOf(page);
  const pasted = await selectedIds(page);
  expect(pasted.sort()).toEqual(['mha_1', 'rn_1']);
  expect(g.edges.some((e) => e.source === 'mha_1' && e.target === 'rn_1' && e.targetPort === 'fx')).toBe(true);
  expect(g.nodes.find((n) => n.id === 'mha_1')!.params).toEqual({ heads: 4, causal: true });

  // Duplicate (Ctrl+D) makes another copy next to the selection.
  await page.keyboard.press('Control+d');
  await expect.poll(async () => (await graphOf(page)).nodes.length).toBe(9);

  // Another tab of the same app pastes the same clipboard.
  const other = await context.newPage();
  await openGraph(other, attentionBlock());
  await clickBlank(other);
  await other.keyboard.press('Control+v');
  await expect.poll(async () => (await graphOf(other)).nodes.length).toBe(7);
  await other.close();
});

test('group two nodes, repeat ×2, open the group, go back, ungroup', async ({ page }) => {
  await openGraph(page, attentionBlock());
  const single = await nodeEl(page, 'mha').getByTestId(TID.nodeParamCount).getAttribute('title');
  await clickNode(page, 'mha');
  await clickNode(page, 'rn', ['Shift']);
  await page.keyboard.press('Control+g');
  await expect(nodeEl(page, 'mha')).toHaveCount(0);
  const [gid] = await selectedIds(page);
  const group = nodeEl(page, gid);
  await expect(group).toBeVisible();
  await expect(group.locator('.react-flow__handle.target')).toHaveCount(1);
  await expect(group.locator('.react-flow__handle.source')).toHaveCount(1);
  await expect(shapeBadge(page, gid, 'y')).toHaveText('[B, 64, 64]');
  await expect(nodeEl(page, 'head').getByTestId(TID.nodeError)).toHaveCount(0);
  const oneCopy = Number((await group.getByTestId(TID.nodeParamCount).getAttribute('title'))!.replace(/\D/g, ''));
  expect(oneCopy).toBe(Number(single!.replace(/\D/g, '')) + 2 * 64);

  await group.getByTestId(TID.param('repeat')).fill('2');
  await expect(group.locator('.tl-repeat')).toHaveText('×2');
  await expect(group.getByTestId(TID.nodeParamCount)).toHaveAttribute('title', `${(2 * oneCopy).toLocaleString('en')} parameters`);
  await expect(shapeBadge(page, gid, 'y')).toHaveText('[B, 64, 64]');

  // Open it: the breadcrumb shows where we are; the inner nodes and port nodes are there.
  await group.getByTestId(TID.openGroup).click();
  await expect(byTestId(page, TID.breadcrumbItem(1))).toBeVisible();
  await expect(nodeEl(page, 'mha')).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id^="in_"]')).toHaveCount(1);
  await expect(page.locator('.react-flow__node[data-id^="out_"]')).toHaveCount(1);
  await expect(shapeBadge(page, 'rn', 'y')).toHaveText('[B, 64, 64]');
  await byTestId(page, TID.breadcrumbItem(0)).click();
  await expect(byTestId(page, TID.breadcrumbItem(1))).toHaveCount(0);
  await expect(nodeEl(page, gid)).toBeVisible();

  // Ungroup restores the original wiring.
  await clickNode(page, gid);
  await page.keyboard.press('Control+Shift+g');
  await expect(nodeEl(page, 'mha')).toBeVisible();
  const g = await graphOf(page);
  expect(g.nodes.map((n) => n.id).sort()).toEqual(['corpus', 'emb', 'head', 'mha', 'rn']);
  expect(g.edges.map((e) => e.id).sort()).toEqual(attentionBlock().edges.map((e) => e.id).sort());
});

test('box select and delete', async ({ page }) => {
  await openGraph(page, attentionBlock());
  const a = (await nodeEl(page, 'emb').boundingBox())!;
  const b = (await nodeEl(page, 'rn').boundingBox())!;
  await page.keyboard.down('Shift');
  await page.mouse.move(a.x - 10, Math.min(a.y, b.y) - 60);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width + 10, Math.max(a.y + a.height, b.y + b.height) + 60, { steps: 10 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect.poll(async () => (await selectedIds(page)).sort()).toEqual(['emb', 'mha', 'rn']);
  await page.keyboard.press('Delete');
  await expect.poll(async () => (await graphOf(page)).nodes.map((n) => n.id)).toEqual(['corpus', 'head']);
  expect((await graphOf(page)).edges).toEqual([]);
});
