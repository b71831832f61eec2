import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.on('console', (m) => { if (m.type() !== 'debug' && m.type() !== 'info') console.log('console:', m.type(), m.text().slice(0, 300)); });
page.on('response', (r) => { if (r.status() >= 400) console.log('http', r.status(), r.url()); });
await page.goto('http://localhost:5179/');
await page.waitForTimeout(3000);
console.log(await page.evaluate(() => ({
  vp: document.querySelector('.react-flow__viewport')?.getAttribute('style'),
  mini: document.querySelectorAll('.react-flow__minimap-node').length,
  nodes: document.querySelectorAll('.react-flow__node').length,
})));
await page.screenshot({ path: '/tmp/app.png' });
await browser.close();
