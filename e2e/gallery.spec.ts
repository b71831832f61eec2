// The template gallery: every template opens from its card with no problem on the canvas,
// opening one asks before replacing unsaved work, and templates train in the page with the
// loss going down.
import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GALLERY_TID } from '../src/gallery/testids';
import type { Graph } from '../src/graph/schema';
import { TRAIN } from '../src/train/testids';
import { byTestId, graphOf, openEmpty, TID } from './helpers';

/** The template files, read as the gallery reads them (its catalog needs Vite's import.meta.glob). */
function templates(): { id: string; name: string; teaches: string; graph: Graph }[] {
  const dir = fileURLToPath(new URL('../templates/', import.meta.url));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ id: f.slice(0, -5), graph: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Graph }))
    .filter((t) => t.graph.format === 'tensorloom-graph')
    .map((t) => ({ ...t, name: t.graph.name, teaches: t.graph.description ?? '' }));
}

async function openFromGallery(page: Page, id: string): Promise<void> {
  await byTestId(page, GALLERY_TID.button).click();
  await expect(byTestId(page, GALLERY_TID.dialog)).toBeVisible();
  await byTestId(page, GALLERY_TID.open(id)).click();
  await expect(byTestId(page, GALLERY_TID.dialog)).toHaveCount(0);
}

test('the gallery shows every template with a diagram and what it teaches', async ({ page }) => {
  await openEmpty(page);
  await byTestId(page, GALLERY_TID.button).click();
  const dialog = byTestId(page, GALLERY_TID.dialog);
  await expect(dialog).toBeVisible();
  for (const t of templates()) {
    const card = byTestId(page, GALLERY_TID.card(t.id));
    await expect(card).toContainText(t.name);
    await expect(card).toContainText(t.teaches);
    // The diagram: one box per top-level node.
    const top = t.graph.nodes.filter((n) => n.parent === undefined).length;
    await expect(card.locator('svg.tl-diagram rect.tl-diagram-box:not(.shadow)')).toHaveCount(top);
  }
  await page.screenshot({ path: 'test-results/gallery.png' });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('every template opens from the gallery and its graph is fine on the canvas', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openEmpty(page);
  for (const t of templates()) {
    await openFromGallery(page, t.id);
    await expect(byTestId(page, TID.graphName)).toHaveValue(t.name);
    const g = await graphOf(page);
    expect(g.nodes.map((n) => n.id)).toEqual(t.graph.nodes.map((n) => n.id));
    await expect(page.locator('.react-flow__node')).toHaveCount(t.graph.nodes.filter((n) => n.parent === undefined).length);
    // Shapes are inferred (a badge on every data source output) and nothing is in error.
    await expect(page.locator('[data-testid^="shape-"]').first()).toBeVisible();
    await expect(page.locator(`[data-testid="${TID.nodeError}"]`)).toHaveCount(0);
    await expect(byTestId(page, TID.dirtyMark)).toHaveCount(0);
    await page.screenshot({ path: `test-results/template-${t.id}.png` });
  }
  expect(errors).toEqual([]);
});

test('opening a template asks before replacing unsaved work', async ({ page }) => {
  await openEmpty(page);
  await openFromGallery(page, 'gpt');
  await byTestId(page, TID.graphName).fill('My own GPT');
  await expect(byTestId(page, TID.dirtyMark)).toBeVisible();
  await byTestId(page, GALLERY_TID.button).click();
  let question = '';
  page.once('dialog', (d) => ((question = d.message()), void d.dismiss()));
  await byTestId(page, GALLERY_TID.open('vae-mnist')).click();
  expect(question).toMatch(/^Replace “My own GPT” with the template “Variational autoencoder \(MNIST digits\)”\?/);
  // Kept: still the edited GPT, and the gallery stays open to choose again.
  expect((await graphOf(page)).name).toBe('My own GPT');
  await expect(byTestId(page, GALLERY_TID.dialog)).toBeVisible();
  page.once('dialog', (d) => void d.accept());
  await byTestId(page, GALLERY_TID.open('vae-mnist')).click();
  await expect(byTestId(page, TID.graphName)).toHaveValue('Variational autoencoder (MNIST digits)');
  await expect(byTestId(page, TID.dirtyMark)).toHaveCount(0);
});

/** Collects the Train panel's total training loss every time it changes. */
async function watchLoss(page: Page): Promise<void> {
  await page.evaluate((table) => {
    const w = window as unknown as { __losses: number[] };
    w.__losses = [];
    setInterval(() => {
      const row = [...document.querySelectorAll(`[data-testid="${table}"] tr`)].find((r) => r.firstElementChild?.textContent === 'total');
      const v = Number(row?.children[1]?.textContent);
      if (row && Number.isFinite(v) && v !== w.__losses.at(-1)) w.__losses.push(v);
    }, 25);
  }, TRAIN.lossTable);
}

for (const [id, steps] of [
  ['vae-mnist', 60],
  ['transformer-seq2seq', 60],
] as const) {
  test(`${id}: opened from the gallery, it trains in the page and the loss falls`, async ({ page }) => {
    test.setTimeout(120_000);
    await openEmpty(page);
    await openFromGallery(page, id);
    await byTestId(page, TID.sidebarTab('train')).click();
    const stepsField = byTestId(page, TRAIN.setting('steps'));
    await stepsField.fill(String(steps));
    await stepsField.blur();
    await expect(byTestId(page, TRAIN.start)).toBeEnabled({ timeout: 60_000 });
    await watchLoss(page);
    await byTestId(page, TRAIN.start).click();
    await expect(byTestId(page, TRAIN.step)).toHaveText(String(steps), { timeout: 90_000 });
    await expect(byTestId(page, TRAIN.state)).not.toHaveAttribute('data-state', 'running');
    const losses = await page.evaluate(() => (window as unknown as { __losses: number[] }).__losses);
    expect(losses.length).toBeGreaterThanOrEqual(2);
    expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.9);
    await page.screenshot({ path: `test-results/train-${id}.png` });
  });
}
