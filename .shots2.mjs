import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const node = (id, type, x, y, params = {}) => ({ id, type, params, position: { x, y } });
const edge = (s, sp, t, tp) => ({ id: `${s}.${sp}->${t}.${tp}`, source: s, sourcePort: sp, target: t, targetPort: tp });
const g = { format: 'tensorloom-graph', version: 1, name: 'Close-up', nodes: [
  node('corpus', 'text-corpus', 0, 40), node('emb', 'embedding', 290, 40), node('mha', 'multi-head-attention', 560, 0, { heads: 4, causal: true }),
  node('dense', 'dense', 560, 260, { units: 32 }), node('rn', 'residual-norm', 840, 60), node('ln', 'layer-norm', 840, 300)],
  edges: [edge('corpus','tokens','emb','tokens'), edge('emb','y','mha','q'), edge('emb','y','rn','x'), edge('emb','y','dense','x'), edge('dense','y','rn','fx')] };
for (const theme of ['dark', 'light']) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.addInitScript((t) => localStorage.setItem('tensorloom.theme', t), theme);
  await page.goto('http://localhost:5179/');
  await page.waitForFunction(() => window.tensorloom);
  await page.evaluate((g) => window.tensorloom.store.replaceGraph(g, { resetHistory: true }), g);
  await page.waitForTimeout(800);
  await page.locator('.react-flow__node[data-id="rn"] .tl-node-head').click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/c-${theme}.png` });
  // mid-drag from tokens output
  const h = page.locator('.react-flow__node[data-id="corpus"] .react-flow__handle.source[data-handleid$=":targets"]');
  await h.hover(); await page.mouse.down(); await page.mouse.move(900, 300, { steps: 5 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: `/tmp/c-${theme}-drag.png` });
  await page.mouse.up();
  await page.close();
}
await browser.close();
