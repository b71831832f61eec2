// Building a transformer block from the palette: drag nodes in, wire their ports, read
// the shapes; typed connections refuse what does not fit; shape errors name both sizes.
import { expect, test } from '@playwright/test';
import { addNode, byTestId, connect, edgeCount, fitView, graphOf, nodeEl, openEmpty, shapeBadge, TID } from './helpers';

test('drag embedding → positional encoding → multi-head attention → residual-norm from the palette and wire them', async ({ page }) => {
  await openEmpty(page);
  const corpus = await addNode(page, 'text-corpus', { x: 60, y: 80 });
  const emb = await addNode(page, 'embedding', { x: 330, y: 80 });
  const pos = await addNode(page, 'positional-encoding', { x: 330, y: 420 });
  const mha = await addNode(page, 'multi-head-attention', { x: 600, y: 80 });
  const rn = await addNode(page, 'residual-norm', { x: 600, y: 460 });
  expect([emb, pos, mha, rn]).toEqual(['embedding_1', 'pos_1', 'mha_1', 'resnorm_1']);

  await connect(page, [corpus, 'tokens'], [emb, 'tokens']);
  await connect(page, [emb, 'y'], [pos, 'x']);
  await connect(page, [pos, 'y'], [mha, 'q']);
  await connect(page, [pos, 'y'], [rn, 'x']);
  await connect(page, [mha, 'y'], [rn, 'fx']);
  await expect.poll(() => edgeCount(page)).toBe(5);
  const g = await graphOf(page);
  expect(g.edges.map((e) => `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`).sort()).toEqual(
    [`${corpus}.tokens->${emb}.tokens`, `${emb}.y->${pos}.x`, `${mha}.y->${rn}.fx`, `${pos}.y->${mha}.q`, `${pos}.y->${rn}.x`].sort(),
  );

  // Default sizes: context T=64, d_model D=64, 4 heads.
  await expect(shapeBadge(page, corpus, 'tokens')).toHaveText('[B, 64]');
  await expect(shapeBadge(page, emb, 'y')).toHaveText('[B, 64, 64]');
  await expect(shapeBadge(page, pos, 'y')).toHaveText('[B, 64, 64]');
  await expect(shapeBadge(page, mha, 'y')).toHaveText('[B, 64, 64]');
  await expect(shapeBadge(page, mha, 'weights')).toHaveText('[B, 4, 64, 64]');
  await expect(shapeBadge(page, rn, 'y')).toHaveText('[B, 64, 64]');
  await expect(page.locator(`[data-testid="${TID.nodeError}"]`)).toHaveCount(0);

  // Typing a new width flows through every badge downstream (and never drags the node).
  const before = (await graphOf(page)).nodes.find((n) => n.id === emb)!.position;
  const dModel = nodeEl(page, emb).getByTestId(TID.param('dModel'));
  await dModel.fill('128');
  await expect(shapeBadge(page, emb, 'y')).toHaveText('[B, 64, 128]');
  await expect(shapeBadge(page, pos, 'y')).toHaveText('[B, 64, 128]');
  await expect(shapeBadge(page, mha, 'y')).toHaveText('[B, 64, 128]');
  await expect(shapeBadge(page, rn, 'y')).toHaveText('[B, 64, 128]');
  expect((await graphOf(page)).nodes.find((n) => n.id === emb)!.position).toEqual(before);
  // Parameter counts: embedding 65·128; attention 4·128² + 4·128; totals add up.
  await expect(nodeEl(page, emb).getByTestId(TID.nodeParamCount)).toHaveText('8.3k');
  await expect(nodeEl(page, mha).getByTestId(TID.nodeParamCount)).toHaveText('66k');
  await expect(byTestId(page, TID.totalParams)).toHaveText((65 * 128 + 4 * 128 * 128 + 4 * 128 + 2 * 128).toLocaleString('en'));
  // An out-of-range value is refused with a reason and not stored.
  await dModel.fill('0');
  await expect(dModel).toHaveAttribute('aria-invalid', 'true');
  expect((await graphOf(page)).nodes.find((n) => n.id === emb)!.params.dModel).toBe(128);
});

test('an incompatible connection is refused; a width mismatch shows an error naming both sizes', async ({ page }) => {
  await openEmpty(page);
  const corpus = await addNode(page, 'text-corpus', { x: 40, y: 80 });
  const emb = await addNode(page, 'embedding', { x: 320, y: 80 });
  const mha = await addNode(page, 'multi-head-attention', { x: 600, y: 60 });
  const rn = await addNode(page, 'residual-norm', { x: 880, y: 80 });
  const dense = await addNode(page, 'dense', { x: 600, y: 420 });
  await connect(page, [corpus, 'tokens'], [emb, 'tokens']);
  await expect.poll(() => edgeCount(page)).toBe(1);

  // Token ids cannot feed a float input: while dragging, the attention inputs grey out and
  // the drop is refused.
  const src = nodeEl(page, corpus).locator('.react-flow__handle.source[data-handleid$=":tokens"]');
  await src.hover();
  await page.mouse.down();
  const q = nodeEl(page, mha).locator('.react-flow__handle.target[data-handleid$=":q"]');
  const box = (await q.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
  await expect(byTestId(page, TID.canvas)).toHaveAttribute('data-drag-kind', 'tokens');
  expect(await q.evaluate((el) => Number(getComputedStyle(el).opacity))).toBeLessThan(0.5);
  expect(await nodeEl(page, emb).locator('.react-flow__handle.target').evaluate((el) => Number(getComputedStyle(el).opacity))).toBe(1);
  await page.mouse.up();
  await expect(byTestId(page, TID.canvas)).not.toHaveAttribute('data-drag-kind', /.+/);
  expect(await edgeCount(page)).toBe(1);

  // Wire x at width 64 and fx at width 32: the residual-norm reports both sizes.
  await connect(page, [emb, 'y'], [mha, 'q']);
  await connect(page, [emb, 'y'], [rn, 'x']);
  await connect(page, [emb, 'y'], [dense, 'x']);
  await nodeEl(page, dense).getByTestId(TID.param('units')).fill('32');
  await connect(page, [dense, 'y'], [rn, 'fx']);
  await expect.poll(() => edgeCount(page)).toBe(5);
  const error = nodeEl(page, rn).getByTestId(TID.nodeError);
  await expect(error).toContainText('input fx has D=32 but input x expects D=64');
  await expect(nodeEl(page, rn).locator('.tl-node')).toHaveClass(/has-error/);
  await expect(page.getByTestId(TID.edgeError)).toContainText('D=32');
  await expect(page.locator('.react-flow__edge-path.tl-edge-error')).toHaveCount(1);
  await expect(byTestId(page, TID.problems)).toContainText('D=32 but input x expects D=64');

  // Re-wiring fx from the attention output (which replaces the old edge) clears the error.
  await connect(page, [mha, 'y'], [rn, 'fx']);
  await expect(nodeEl(page, rn).getByTestId(TID.nodeError)).toHaveCount(0);
  expect(await edgeCount(page)).toBe(5);
  await expect(shapeBadge(page, rn, 'y')).toHaveText('[B, 64, 64]');
});

test('a connection dropped on empty canvas opens the search filtered to nodes that take it, and wires the pick', async ({ page }) => {
  await openEmpty(page);
  const corpus = await addNode(page, 'text-corpus', { x: 40, y: 120 });
  const src = nodeEl(page, corpus).locator('.react-flow__handle.source[data-handleid$=":tokens"]');
  await src.hover();
  await page.mouse.down();
  const canvas = (await byTestId(page, TID.canvas).boundingBox())!;
  await page.mouse.move(canvas.x + 560, canvas.y + 200, { steps: 8 });
  await page.mouse.up();
  const search = byTestId(page, TID.nodeSearch);
  await expect(search).toBeVisible();
  // Only nodes with a token input are offered.
  await expect(search.getByTestId(TID.nodeSearchItem('embedding'))).toBeVisible();
  await expect(search.getByTestId(TID.nodeSearchItem('cross-entropy'))).toBeVisible();
  await expect(search.getByTestId(TID.nodeSearchItem('dense'))).toHaveCount(0);
  await byTestId(page, TID.nodeSearchInput).fill('embed');
  await page.keyboard.press('Enter');
  await expect(search).toHaveCount(0);
  await expect.poll(() => edgeCount(page)).toBe(1);
  const g = await graphOf(page);
  expect(g.edges[0]).toMatchObject({ source: corpus, sourcePort: 'tokens', target: 'embedding_1', targetPort: 'tokens' });

  // Double-click on the canvas opens the same search, unfiltered.
  await page.mouse.dblclick(canvas.x + 500, canvas.y + 560);
  await expect(search).toBeVisible();
  await expect(search.getByTestId(TID.nodeSearchItem('dense'))).toBeVisible();
  await expect(byTestId(page, TID.nodeSearchInput)).toBeFocused();
  await page.keyboard.type('layer norm');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await graphOf(page)).nodes.map((n) => n.type)).toContain('layer-norm');
  await fitView(page);
});
