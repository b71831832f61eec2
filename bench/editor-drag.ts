// Frame times while dragging a node in a 300-node graph, in Chromium.
// Run: npx tsx bench/editor-drag.ts [nodes=300] [--dev] [--no-minimap]
// By default it measures a production build (vite build + preview); --dev uses the dev
// server (React's development build, several times slower). Prints p50/p95/max of the
// requestAnimationFrame intervals during the drag, with the whole graph in view and zoomed
// in. A benchmark, not a test: nothing asserts.
import { chromium, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createServer, preview } from 'vite';
import type { Graph, GraphNode } from '../src/graph/schema';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 300);
const DEV = args.includes('--dev');
const MINIMAP = !args.includes('--no-minimap');
const MOVES = 150;

/** corpus → embedding → a chain of dense / layer-norm nodes laid out in rows of 20. */
function chain(n: number): Graph {
  const node = (id: string, type: string, x: number, y: number, params: Record<string, unknown> = {}): GraphNode => ({ id, type, params, position: { x, y } });
  const nodes = [node('corpus', 'text-corpus', 0, 0), node('emb', 'embedding', 300, 0, { dModel: 32 })];
  const edges = [{ source: 'corpus', sourcePort: 'tokens', target: 'emb', targetPort: 'tokens' }];
  let prev = 'emb';
  for (let i = 0; i < n - 2; i++) {
    const id = `n${i}`;
    const dense = i % 3 !== 0;
    nodes.push(node(id, dense ? 'dense' : 'layer-norm', 600 + (i % 20) * 300, Math.floor(i / 20) * 280, dense ? { units: 32, activation: 'relu' } : {}));
    edges.push({ source: prev, sourcePort: 'y', target: id, targetPort: 'x' });
    prev = id;
  }
  return { format: 'tensorloom-graph', version: 1, name: `Chain of ${n}`, nodes, edges } as unknown as Graph;
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { frames: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

/** A point on the empty canvas (panning starts there). */
async function blankSpot(page: Page): Promise<{ x: number; y: number }> {
  const spot = await page.evaluate(`(() => {
    const b = document.querySelector('.react-flow').getBoundingClientRect();
    for (let y = b.y + 100; y < b.y + b.height - 100; y += 23)
      for (let x = b.x + 100; x < b.x + b.width - 100; x += 29)
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
    return null;
  })()`);
  if (!spot) throw new Error('no empty spot to pan from');
  return spot as { x: number; y: number };
}

/** Drags a node by its header, or pans the canvas when nodeId is undefined. */
async function dragOnce(page: Page, nodeId: string | undefined): Promise<{ frames: number[]; moveMs: number[] }> {
  let x0: number;
  let y0: number;
  if (nodeId) {
    const head = page.locator(`.react-flow__node[data-id="${nodeId}"] .tl-node-head`);
    const box = (await head.boundingBox())!;
    x0 = box.x + Math.min(30, box.width / 2);
    y0 = box.y + box.height / 2;
  } else ({ x: x0, y: y0 } = await blankSpot(page));
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = 0;
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
  })()`);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  const moveMs: number[] = [];
  for (let i = 1; i <= MOVES; i++) {
    const t = performance.now();
    // Out and back, so the node ends near where it started.
    const dx = (i <= MOVES / 2 ? i : MOVES - i) * 3;
    await page.mouse.move(x0 + dx, y0 + Math.sin(i / 10) * 40);
    moveMs.push(performance.now() - t);
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames;
  });
  return { frames, moveMs };
}

async function main() {
  let url: string;
  let close: () => Promise<void>;
  if (DEV) {
    const server = await createServer({ server: { port: 5190, strictPort: false }, logLevel: 'error' });
    await server.listen();
    url = server.resolvedUrls!.local[0];
    close = () => server.close();
  } else {
    const outDir = mkdtempSync(join(tmpdir(), 'tensorloom-bench-'));
    await build({ logLevel: 'error', build: { outDir, emptyOutDir: true } });
    const server = await preview({ preview: { port: 5191, strictPort: false }, build: { outDir }, logLevel: 'error' });
    url = server.resolvedUrls!.local[0];
    close = async () => {
      await new Promise<void>((r) => server.httpServer.close(() => r()));
      rmSync(outDir, { recursive: true, force: true });
    };
  }
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript((minimap) => localStorage.setItem('tensorloom.editor.prefs', JSON.stringify({ snap: true, minimap })), MINIMAP);
    await page.goto(url);
    await page.waitForFunction(() => 'tensorloom' in window, undefined, { timeout: 120_000 });
    const graph = chain(N);
    await page.evaluate((g) => (window as unknown as { tensorloom: { store: { replaceGraph(g: unknown, o: unknown): void } } }).tensorloom.store.replaceGraph(g, { resetHistory: true }), graph);
    await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length >= Math.min(n, 200), N, { timeout: 120_000 });
    await page.waitForTimeout(1500);
    const target = `n${Math.floor(N / 2)}`;

    const report = (label: string, r: { frames: number[]; moveMs: number[] }) => {
      const f = stats(r.frames);
      const m = stats(r.moveMs);
      console.log(
        `${label.padEnd(38)} frames ${String(f.frames).padStart(4)}  p50 ${f.p50.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms  max ${f.max.toFixed(1)} ms` +
          `   | input→handled p50 ${m.p50.toFixed(1)} ms p95 ${m.p95.toFixed(1)} ms`,
      );
    };
    const rendered = await page.locator('.react-flow__node').count();
    console.log(`${DEV ? 'dev server' : 'production build'}, minimap ${MINIMAP ? 'on' : 'off'}; graph: ${N} nodes, ${graph.edges.length} edges; ${rendered} node elements rendered after fit`);
    await dragOnce(page, target); // warm-up
    report('pan, whole graph in view', await dragOnce(page, undefined));
    report(`drag, whole graph in view (zoom ${(await page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec(document.querySelector('.react-flow__viewport')!.getAttribute('style')!)?.[1]))).toFixed(2)})`, await dragOnce(page, target));

    // Zoom in around the dragged node (fewer nodes on screen, param fields drawn).
    const scale = () => page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec(document.querySelector('.react-flow__viewport')!.getAttribute('style')!)?.[1]));
    for (const want of [0.6, 1.0]) {
      for (let i = 0; i < 20 && (await scale()) < want; i++) {
        const c = await page.locator(`.react-flow__node[data-id="${target}"] .tl-node-head`).boundingBox();
        await page.mouse.move(c!.x + Math.min(20, c!.width / 2), c!.y + c!.height / 2);
        await page.mouse.wheel(0, -60);
        await page.waitForTimeout(150);
      }
      await page.waitForTimeout(500);
      const visible = await page.locator('.react-flow__node').count();
      report(`drag, zoom ${(await scale()).toFixed(2)}, ${visible} nodes drawn`, await dragOnce(page, target));
    }
    const undoSteps = await page.evaluate(() => (window as unknown as { tensorloom: { store: { historySize(): number } } }).tensorloom.store.historySize());
    console.log(`undo history after 4 drags: ${undoSteps} steps (one per drag)`);
  } finally {
    await browser.close();
    await close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
