// Page helpers for the editor e2e tests, built on the central test ids and React Flow's
// handle attributes (data-nodeid, data-handleid "in:<kind>:<port>" / "out:<kind>:<port>").
import { expect, type Locator, type Page } from '@playwright/test';
import type { Graph } from '../src/graph/schema';
import { TID } from '../src/ui/testids';

export { TID };

type Win = { tensorloom: { store: { getState(): { graph: Graph; selection: { nodes: string[] } }; replaceGraph(g: Graph, o?: object): void } } };

export const byTestId = (page: Page, id: string): Locator => page.getByTestId(id);

/** Opens the app on a fresh, empty graph (nothing autosaved). */
export async function openEmpty(page: Page): Promise<void> {
  await page.goto('/');
  await expect(byTestId(page, TID.canvas)).toBeVisible();
  await page.evaluate(() => {
    const s = (window as unknown as Win).tensorloom.store;
    s.replaceGraph({ format: 'tensorloom-graph', version: 1, name: 'Untitled graph', nodes: [], edges: [], training: s.getState().graph.training } as Graph, { resetHistory: true });
  });
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
}

/** Opens the app on a given graph document. */
export async function openGraph(page: Page, graph: Graph): Promise<void> {
  await page.goto('/');
  await expect(byTestId(page, TID.canvas)).toBeVisible();
  await page.evaluate((g) => (window as unknown as Win).tensorloom.store.replaceGraph(g, { resetHistory: true }), graph);
  await expect(page.locator('.react-flow__node')).toHaveCount(graph.nodes.filter((n) => n.parent === undefined).length);
}

export function graphOf(page: Page): Promise<Graph> {
  return page.evaluate(() => (window as unknown as Win).tensorloom.store.getState().graph);
}

export function selectedIds(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as Win).tensorloom.store.getState().selection.nodes]);
}

export const nodeEl = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);

/**
 * Drags a node type from the palette onto the canvas at (x, y) relative to the canvas's
 * top-left corner; returns the new node's id.
 */
export async function addNode(page: Page, type: string, at: { x: number; y: number }): Promise<string> {
  const before = new Set((await graphOf(page)).nodes.map((n) => n.id));
  const search = byTestId(page, TID.paletteSearch);
  await search.fill('');
  const item = byTestId(page, TID.paletteItem(type));
  await item.scrollIntoViewIfNeeded();
  await item.dragTo(byTestId(page, TID.canvas).locator('.react-flow__pane'), { targetPosition: at });
  let id = '';
  await expect
    .poll(async () => {
      const added = (await graphOf(page)).nodes.filter((n) => !before.has(n.id));
      id = added[0]?.id ?? '';
      return added.length;
    })
    .toBe(1);
  await expect(nodeEl(page, id)).toBeVisible();
  return id;
}

export function handle(page: Page, node: string, side: 'in' | 'out', port: string): Locator {
  return nodeEl(page, node).locator(`.react-flow__handle.${side === 'in' ? 'target' : 'source'}[data-handleid$=":${port}"]`);
}

/** Drags a connection from an output port to an input port with the mouse. */
export async function connect(page: Page, from: [string, string], to: [string, string]): Promise<void> {
  const src = handle(page, from[0], 'out', from[1]);
  const dst = handle(page, to[0], 'in', to[1]);
  await src.scrollIntoViewIfNeeded();
  await src.hover();
  await page.mouse.down();
  const box = await dst.boundingBox();
  if (!box) throw new Error(`input ${to[0]}.${to[1]} is not on screen`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
}

export function edgeCount(page: Page): Promise<number> {
  return graphOf(page).then((g) => g.edges.length);
}

/** The shape badge of an output port of a node, e.g. "[B, 64, 128]". */
export const shapeBadge = (page: Page, node: string, port: string): Locator => nodeEl(page, node).getByTestId(TID.shapeBadge(port));

/** Clicks a node's header (selects it without touching a control). */
export async function clickNode(page: Page, id: string, modifiers: ('Shift' | 'Control')[] = []): Promise<void> {
  await nodeEl(page, id).locator('.tl-node-head').click({ modifiers });
}

/** Fits the view to all nodes (toolbar button). */
export async function fitView(page: Page): Promise<void> {
  await byTestId(page, TID.fitView).click();
  await page.waitForTimeout(300);
}

/** Clicks an empty spot of the canvas (clears the selection, takes focus off fields). */
export async function clickBlank(page: Page): Promise<void> {
  const box = (await byTestId(page, TID.canvas).boundingBox())!;
  const spot = await page.evaluate((b) => {
    for (let y = b.y + 80; y < b.y + b.height - 80; y += 37)
      for (let x = b.x + 60; x < b.x + b.width - 60; x += 41) {
        const el = document.elementFromPoint(x, y);
        if (el?.classList.contains('react-flow__pane')) return { x, y };
      }
    return undefined;
  }, box);
  if (!spot) throw new Error('no empty spot on the canvas');
  await page.mouse.click(spot.x, spot.y);
}
