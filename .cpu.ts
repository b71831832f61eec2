import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(process.env.URL ?? 'http://localhost:5193/');
await page.waitForFunction(() => 'tensorloom' in window);
const node = (id, type, x, y, params = {}) => ({ id, type, params, position: { x, y } });
const nodes = [node('corpus', 'text-corpus', 0, 0), node('emb', 'embedding', 300, 0, { dModel: 32 })];
const edges = [{ source: 'corpus', sourcePort: 'tokens', target: 'emb', targetPort: 'tokens' }];
let prev = 'emb';
for (let i = 0; i < 298; i++) { const id = `n${i}`; const dense = i % 3 !== 0; nodes.push(node(id, dense ? 'dense' : 'layer-norm', 600 + (i % 20) * 300, Math.floor(i / 20) * 280, dense ? { units: 32 } : {})); edges.push({ source: prev, sourcePort: 'y', target: id, targetPort: 'x' }); prev = id; }
await page.evaluate((g) => window.tensorloom.store.replaceGraph(g, { resetHistory: true }), { format: 'tensorloom-graph', version: 1, name: 'big', nodes, edges });
await page.waitForTimeout(3000);
const box = await page.locator('.react-flow__node[data-id="n150"] .tl-node-head').boundingBox();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await page.mouse.move(box.x + 5, box.y + box.height / 2);
await page.mouse.down();
for (let i = 1; i <= 60; i++) await page.mouse.move(box.x + 5 + i * 3, box.y + box.height / 2 + i);
await page.mouse.up();
const { profile } = await cdp.send('Profiler.stop');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfT = new Map(); profile.samples.forEach((s, i) => selfT.set(s, (selfT.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const incl = new Map(); const selfByKey = new Map();
const key = (n) => `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber}`;
for (const [id, t] of selfT) {
  const seen = new Set();
  selfByKey.set(key(byId.get(id)), (selfByKey.get(key(byId.get(id))) ?? 0) + t);
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) { const k = key(byId.get(cur)); if (seen.has(k)) continue; seen.add(k); incl.set(k, (incl.get(k) ?? 0) + t); }
}
console.log('INCLUSIVE'); console.log([...incl].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, t]) => `${(t / 1000).toFixed(0).padStart(6)}ms ${k}`).join('\n'));
console.log('SELF'); console.log([...selfByKey].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, t]) => `${(t / 1000).toFixed(0).padStart(6)}ms ${k}`).join('\n'));
await browser.close();
