// The app as a whole: opens on the default graph, survives broken graphs, autosaves,
// asks before discarding work, shortcuts help, themes, auto-layout.
import { expect, test } from '@playwright/test';
import { attentionBlock, training } from './fixtures';
import { addNode, byTestId, graphOf, nodeEl, openEmpty, openGraph, TID, clickBlank } from './helpers';
import type { Graph } from '../src/graph/schema';

test('opens on the default graph with shapes and totals, without errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(byTestId(page, TID.canvas)).toBeVisible();
  await expect.poll(() => page.locator('.react-flow__node').count()).toBeGreaterThan(3);
  const g = await graphOf(page);
  expect(g.nodes.length).toBeGreaterThan(3);
  await expect(page.locator(`[data-testid^="shape-"]`).first()).toBeVisible();
  expect(Number((await byTestId(page, TID.totalParams).textContent())!.replace(/,/g, ''))).toBeGreaterThan(1000);
  await expect(byTestId(page, TID.inspectorFormula)).toHaveCount(0);
  await page.screenshot({ path: '/tmp/e2e-default.png' });
  expect(errors).toEqual([]);
});

test('reload keeps the graph and the viewport', async ({ page }) => {
  await openEmpty(page);
  const id = await addNode(page, 'dense', { x: 300, y: 200 });
  await byTestId(page, TID.graphName).fill('Kept graph');
  await page.mouse.move(600, 500);
  await page.mouse.wheel(0, 200);
  await page.waitForTimeout(900); // autosave is debounced
  const vp = await page.locator('.react-flow__viewport').getAttribute('style');
  await page.reload();
  await expect(nodeEl(page, id)).toBeVisible();
  await expect(byTestId(page, TID.graphName)).toHaveValue('Kept graph');
  await expect(page.locator('.react-flow__viewport')).toHaveAttribute('style', vp!);
  await expect(byTestId(page, TID.dirtyMark)).toBeVisible();
});

test('New graph asks before discarding changes', async ({ page }) => {
  await openEmpty(page);
  await addNode(page, 'dense', { x: 300, y: 200 });
  page.once('dialog', (d) => d.dismiss());
  await byTestId(page, TID.newGraph).click();
  expect((await graphOf(page)).nodes).toHaveLength(1);
  page.once('dialog', (d) => d.accept());
  await byTestId(page, TID.newGraph).click();
  await expect.poll(async () => (await graphOf(page)).nodes.length).toBe(0);
  // Not dirty now: no question asked.
  let asked = false;
  page.once('dialog', (d) => ((asked = true), d.dismiss()));
  await byTestId(page, TID.newGraph).click();
  expect(asked).toBe(false);
});

test('a broken graph never crashes the page: problems are listed on nodes and in the list', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const broken = {
    format: 'tensorloom-graph',
    version: 1,
    name: 'Broken',
    training,
    nodes: [
      { id: 'a', type: 'dense', params: { units: -3 }, position: { x: 0, y: 0 } },
      { id: 'b', type: 'no-such-node', params: {}, position: { x: 300, y: 0 } },
      { id: 'c', type: 'layer-norm', params: {}, position: { x: 600, y: 0 } },
      { id: 'd', type: 'graph-input', params: {}, position: { x: 0, y: 300 } },
    ],
    edges: [
      { source: 'a', sourcePort: 'y', target: 'c', targetPort: 'x' },
      { source: 'c', sourcePort: 'y', target: 'a', targetPort: 'x' },
      { source: 'ghost', sourcePort: 'y', target: 'c', targetPort: 'x' },
      { source: 'a', sourcePort: 'nope', target: 'b', targetPort: 'x' },
    ],
  } as unknown as Graph;
  await openGraph(page, broken);
  await expect(byTestId(page, TID.problems)).toContainText('unknown type "no-such-node"');
  await expect(nodeEl(page, 'b').getByTestId(TID.nodeError)).toBeVisible();
  await expect(nodeEl(page, 'a').getByTestId(TID.nodeError)).toContainText('units');
  await expect(byTestId(page, TID.errorFallback)).toHaveCount(0);
  // Still editable.
  await addNode(page, 'dense', { x: 300, y: 500 });
  expect(errors).toEqual([]);
});

test('help overlay lists the shortcuts; theme toggles; auto-layout moves nodes left to right', async ({ page }) => {
  await openEmpty(page);
  await page.keyboard.press('?');
  await expect(byTestId(page, TID.help)).toBeVisible();
  await expect(byTestId(page, TID.help)).toContainText('Undo');
  await expect(byTestId(page, TID.help)).toContainText('Group the selected nodes');
  await page.keyboard.press('Escape');
  await expect(byTestId(page, TID.help)).toHaveCount(0);

  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  await byTestId(page, TID.themeToggle).click();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).not.toBe(theme);
  await expect(page.locator('.react-flow')).toHaveClass(new RegExp(theme === 'dark' ? 'light' : 'dark'));
});

test('auto-layout lays the graph out left to right in one undo step', async ({ page }) => {
  const g = attentionBlock();
  // Scramble the positions.
  g.nodes.forEach((n, i) => (n.position = { x: (4 - i) * 40, y: i * 30 }));
  await openGraph(page, g);
  await byTestId(page, TID.autoLayout).click();
  await expect.poll(async () => (await graphOf(page)).nodes.find((n) => n.id === 'head')!.position.x).toBeGreaterThan(600);
  const laid = await graphOf(page);
  const x = (id: string) => laid.nodes.find((n) => n.id === id)!.position.x;
  expect(x('corpus')).toBeLessThan(x('emb'));
  expect(x('emb')).toBeLessThan(x('mha'));
  expect(x('mha')).toBeLessThan(x('rn'));
  expect(x('rn')).toBeLessThan(x('head'));
  await clickBlank(page);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await graphOf(page)).nodes.find((n) => n.id === 'head')!.position.x).toBe(0);
});
