import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const theme of ['dark', 'light']) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.addInitScript((t) => localStorage.setItem('tensorloom.theme', t), theme);
  await page.goto('http://localhost:5179/');
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/s-${theme}-default.png` });
  // select the attention-ish node and zoom in
  const ids = await page.evaluate(() => window.tensorloom.store.getState().graph.nodes.filter((n) => !n.parent).map((n) => n.id));
  console.log(ids);
  await page.locator('.react-flow__node[data-id="emb"] .tl-node-head').click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/s-${theme}-selected.png` });
  await page.locator('.react-flow__node[data-id="block"] [data-testid=open-group]').click();
  await page.waitForTimeout(1200);
  await page.screenshot({ path: `/tmp/s-${theme}-group.png` });
  await page.close();
}
await browser.close();
