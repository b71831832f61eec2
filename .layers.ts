import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.addInitScript(() => localStorage.setItem('tensorloom.editor.prefs', JSON.stringify({ snap: true, minimap: false })));
await page.goto('http://localhost:5179/');
await page.waitForFunction(() => 'tensorloom' in window);
const node = (id, type, x, y, params = {}) => ({ id, type, params, position: { x, y } });
const nodes = [node('corpus', 'text-corpus', 0, 0), node('emb', 'embedding', 300, 0, { dModel: 32 })];
const edges = [{ source: 'corpus', sourcePort: 'tokens', target: 'emb', targetPort: 'tokens' }];
let prev = 'emb';
for (let i = 0; i < 298; i++) { const id = `n${i}`; const dense = i % 3 !== 0; nodes.push(node(id, dense ? 'dense' : 'layer-norm', 600 + (i % 20) * 300, Math.floor(i / 20) * 280, dense ? { units: 32 } : {})); edges.push({ source: prev, sourcePort: 'y', target: id, targetPort: 'x' }); prev = id; }
await page.evaluate((g) => window.tensorloom.store.replaceGraph(g, { resetHistory: true }), { format: 'tensorloom-graph', version: 1, name: 'big', nodes, edges });
await page.waitForTimeout(3000);
const cdp = await page.context().newCDPSession(page);
let layers = [];
cdp.on('LayerTree.layerTreeDidChange', (e) => { if (e.layers) layers = e.layers; });
await cdp.send('LayerTree.enable');
await page.waitForTimeout(1000);
console.log('layers', layers.length);
const reasons = new Map();
for (const l of layers.slice(0, 400)) {
  try { const r = await cdp.send('LayerTree.compositingReasons', { layerId: l.layerId }); for (const x of r.compositingReasons ?? []) reasons.set(x, (reasons.get(x) ?? 0) + 1); } catch {}
}
console.log(reasons);
console.log('svgs', await page.evaluate(() => document.querySelectorAll('svg').length), 'elements', await page.evaluate(() => document.querySelectorAll('*').length));
await browser.close();
