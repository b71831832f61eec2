// Sharing graphs: export a file, import it by the file picker, by dropping it on the canvas,
// by pasting its JSON and by a link; graph + trained weights as one file. Bad input on every
// path gets a message naming what and where, and the open graph stays exactly as it was.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GALLERY_TID } from '../src/gallery/testids';
import type { Graph } from '../src/graph/schema';
import { SHARE_TID } from '../src/share/testids';
import { TRAIN } from '../src/train/testids';
import { byTestId, graphOf, nodeEl, openEmpty, TID } from './helpers';

const templateText = (id: string) => readFileSync(fileURLToPath(new URL(`../templates/${id}.json`, import.meta.url)), 'utf8');
const template = (id: string) => JSON.parse(templateText(id)) as Graph & Record<string, any>;

async function openTemplate(page: Page, id: string): Promise<void> {
  await byTestId(page, GALLERY_TID.button).click();
  await byTestId(page, GALLERY_TID.open(id)).click();
  await expect(byTestId(page, TID.graphName)).toHaveValue(template(id).name);
}

async function chooseFile(page: Page, name: string, content: string | Buffer): Promise<void> {
  await byTestId(page, SHARE_TID.importButton).click();
  await expect(byTestId(page, SHARE_TID.importDialog)).toBeVisible();
  await byTestId(page, SHARE_TID.importFile).setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
}

/** Drags a file over the canvas and drops it, as the browser does for a file from the desktop. */
async function dropFile(page: Page, name: string, text: string, opts: { repeat?: number } = {}): Promise<void> {
  await page.evaluate(
    ({ name, text, repeat }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([repeat ? text.repeat(repeat) : text], name, { type: 'application/json' }));
      const pane = document.querySelector('[data-testid="canvas"] .react-flow__pane')!;
      for (const type of ['dragenter', 'dragover', 'drop']) pane.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    },
    { name, text, repeat: opts.repeat },
  );
}

/** Runs an import that must be refused: the notice names the problem and the graph is untouched. */
async function expectRefused(page: Page, act: () => Promise<void>, title: RegExp, problem: string | RegExp, screenshot?: string): Promise<void> {
  const before = JSON.stringify(await graphOf(page));
  const nodes = await page.locator('.react-flow__node').count();
  await act();
  const notice = byTestId(page, SHARE_TID.notice);
  await expect(notice).toBeVisible();
  await expect(notice.locator('strong')).toHaveText(title);
  await expect(notice.getByTestId(SHARE_TID.noticeLine).first()).toHaveText(problem);
  expect(JSON.stringify(await graphOf(page))).toBe(before);
  await expect(page.locator('.react-flow__node')).toHaveCount(nodes);
  if (screenshot) await page.screenshot({ path: screenshot });
  await byTestId(page, SHARE_TID.noticeClose).click();
  await expect(notice).toHaveCount(0);
}

test('export downloads the graph JSON; importing it by the file picker opens it again', async ({ page }) => {
  await openEmpty(page);
  await openTemplate(page, 'rnn-attention');
  await byTestId(page, TID.graphName).fill('My attention model');
  await expect(byTestId(page, TID.dirtyMark)).toBeVisible();
  await byTestId(page, SHARE_TID.exportButton).click();
  const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, SHARE_TID.exportGraph).click()]);
  expect(download.suggestedFilename()).toBe('my-attention-model.json');
  const text = readFileSync((await download.path())!, 'utf8');
  const exported = JSON.parse(text) as Graph;
  expect(exported).toEqual(await graphOf(page));
  // Exporting counts as saving.
  await expect(byTestId(page, TID.dirtyMark)).toHaveCount(0);

  await openEmpty(page);
  await chooseFile(page, 'my-attention-model.json', text);
  await expect(byTestId(page, SHARE_TID.importDialog)).toHaveCount(0);
  await expect(byTestId(page, TID.graphName)).toHaveValue('My attention model');
  expect(await graphOf(page)).toEqual(exported);
  await expect(byTestId(page, SHARE_TID.notice)).toContainText('Opened “My attention model” from the file “my-attention-model.json”');
  await expect(nodeEl(page, 'attn')).toBeVisible();
  await page.screenshot({ path: 'test-results/share-imported.png' });
});

test('dropping a graph file on the canvas opens it', async ({ page }) => {
  await openEmpty(page);
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['{}'], 'x.json'));
    document.querySelector('[data-testid="canvas"] .react-flow__pane')!.dispatchEvent(new DragEvent('dragenter', { bubbles: true, dataTransfer: dt }));
  });
  await expect(byTestId(page, SHARE_TID.dropOverlay)).toBeVisible();
  await page.screenshot({ path: 'test-results/share-drop-overlay.png' });
  await dropFile(page, 'vae.json', templateText('vae-mnist'));
  await expect(byTestId(page, SHARE_TID.dropOverlay)).toHaveCount(0);
  await expect(byTestId(page, TID.graphName)).toHaveValue('Variational autoencoder (MNIST digits)');
  await expect(byTestId(page, SHARE_TID.notice)).toContainText('from the dropped file “vae.json”');
});

test('bad files are refused by the picker and by drop, naming what and where; the graph stays as it was', async ({ page }) => {
  await openEmpty(page);
  await openTemplate(page, 'gpt');
  const g = template('gpt');
  const withNode = (id: string, patch: (n: Record<string, any>) => void) => {
    const c = template('gpt');
    patch(c.nodes.find((n: { id: string }) => n.id === id)!);
    return JSON.stringify(c, null, 2);
  };
  const file = (name: string) => new RegExp(`^Could not open the (dropped )?file “${name}” — the open graph is unchanged$`);

  await expectRefused(page, () => chooseFile(page, 'notes.json', 'these are my notes'), file('notes.json'), /^not valid JSON/);
  await byTestId(page, SHARE_TID.importDialog).getByLabel('Close').click();
  const truncated = JSON.stringify(g, null, 2).slice(0, 700);
  await expectRefused(page, () => dropFile(page, 'cut.json', truncated), file('cut.json'), /^line \d+: not valid JSON \(line \d+, column \d+\)/);
  await expectRefused(page, () => dropFile(page, 'comfy.json', JSON.stringify({ ...g, format: 'comfyui' })), file('comfy.json'), 'not a TensorLoom graph: "format" is "comfyui", expected "tensorloom-graph"');
  await expectRefused(page, () => dropFile(page, 'future.json', JSON.stringify({ ...g, version: 3 })), file('future.json'), /format version 3, newer than this TensorLoom reads \(version 1\); update TensorLoom to open it/);
  await expectRefused(page, () => dropFile(page, 'typo.json', withNode('ff', (n) => (n.type = 'feedforward'))), file('typo.json'), 'node "ff" has unknown type "feedforward" (did you mean "feed-forward"?)');
  await expectRefused(
    page,
    () => dropFile(page, 'dangling.json', JSON.stringify({ ...g, edges: [...g.edges, { source: 'ghost', sourcePort: 'y', target: 'head', targetPort: 'x' }] })),
    file('dangling.json'),
    'edge ghost.y → head.x is dangling: source "ghost" does not exist',
    'test-results/share-refused.png',
  );
  await expectRefused(page, () => dropFile(page, 'huge-model.json', withNode('emb', (n) => (n.params.dModel = 1e9))), file('huge-model.json'), 'embedding "emb": param dModel must be between 1 and 65536, got 1000000000');
  await expectRefused(
    page,
    () => dropFile(page, 'proto.json', templateText('gpt').replace('"params": { "corpus"', '"params": { "__proto__": { "admin": true }, "corpus"')),
    file('proto.json'),
    'forbidden key "__proto__" at nodes[0].params',
  );
  // 50 MB: refused from its size.
  await expectRefused(page, () => dropFile(page, 'big.json', ' '.repeat(1024 * 1024), { repeat: 50 }), file('big.json'), 'the file is 50.0 MB; graph files are limited to 20.0 MB');
  expect(await page.evaluate(() => ({} as Record<string, unknown>).admin)).toBeUndefined();
});

test('pasted graph JSON: bad text names the line, good text opens', async ({ page }) => {
  await openEmpty(page);
  await openTemplate(page, 'bayesian-mlp');
  const bad = templateText('gpt').replace('"version": 1,', '"version": 1');
  await expectRefused(
    page,
    async () => {
      await byTestId(page, SHARE_TID.importButton).click();
      await byTestId(page, SHARE_TID.importText).fill(bad);
      await byTestId(page, SHARE_TID.importTextOpen).click();
    },
    /^Could not open the pasted text — the open graph is unchanged$/,
    /^line 4: not valid JSON \(line 4, column \d+\)/,
  );
  // The dialog stays open with the text, to fix it.
  await byTestId(page, SHARE_TID.importText).fill(templateText('linear-gpt'));
  await byTestId(page, SHARE_TID.importTextOpen).click();
  await expect(byTestId(page, TID.graphName)).toHaveValue(template('linear-gpt').name);
});

test('an older version migrates on import', async ({ page }) => {
  await openEmpty(page);
  const v0 = {
    format: 'tensorloom-graph',
    version: 0,
    name: 'From the old days',
    nodes: [
      { id: 'data', type: 'toy-2d', params: {}, position: { x: 0, y: 0 } },
      { id: 'fit', type: 'dense', params: { units: 1 }, position: { x: 300, y: 0 } },
      { id: 'loss', type: 'mse', params: {}, position: { x: 600, y: 0 } },
    ],
    links: [
      { from: 'data.x', to: 'fit.x' },
      { from: 'fit.y', to: 'loss.prediction' },
      { from: 'data.y', to: 'loss.target' },
    ],
  };
  await chooseFile(page, 'old.json', JSON.stringify(v0));
  await expect(byTestId(page, TID.graphName)).toHaveValue('From the old days');
  await expect(byTestId(page, SHARE_TID.notice)).toContainText('migrated from version 0 to 1');
  const g = await graphOf(page);
  expect(g.version).toBe(1);
  expect(g.edges.map((e) => `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`)).toEqual(['data.x->fit.x', 'fit.y->loss.prediction', 'data.y->loss.target']);
});

test('Copy link puts the compressed graph in the URL fragment; opening it loads the graph, asking before replacing unsaved work', async ({ page, context }) => {
  await openEmpty(page);
  await openTemplate(page, 'transformer-seq2seq');
  await byTestId(page, TID.graphName).fill('Shared transformer');
  await byTestId(page, SHARE_TID.copyLink).click();
  await expect(byTestId(page, SHARE_TID.notice)).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/^http:\/\/localhost:\d+\/#graph=[A-Za-z0-9_-]+$/);
  expect(link.length).toBeLessThan(JSON.stringify(await graphOf(page)).length / 2);
  const shared = await graphOf(page);

  // Another tab with unsaved work of its own: asked first; "no" keeps the work.
  const other = await context.newPage();
  await openEmpty(other);
  await byTestId(other, TID.graphName).fill('Unsaved work');
  await other.waitForTimeout(600); // autosave
  let question = '';
  other.once('dialog', (d) => ((question = d.message()), void d.dismiss()));
  await other.goto(link);
  await expect.poll(() => question).toMatch(/^Replace “Unsaved work” with “Shared transformer” from the link\?/);
  await expect(byTestId(other, TID.graphName)).toHaveValue('Unsaved work');
  // The fragment is gone, so a reload does not ask again.
  expect(new URL(other.url()).hash).toBe('');

  other.once('dialog', (d) => void d.accept());
  await other.goto(link);
  await expect(byTestId(other, TID.graphName)).toHaveValue('Shared transformer');
  expect(await graphOf(other)).toEqual(shared);
  await expect(byTestId(other, TID.dirtyMark)).toHaveCount(0);
  await other.screenshot({ path: 'test-results/share-link-opened.png' });
});

test('a truncated or damaged link is refused with a message; the graph stays as it was', async ({ page }) => {
  await openEmpty(page);
  await openTemplate(page, 'gpt');
  await byTestId(page, SHARE_TID.copyLink).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  await byTestId(page, SHARE_TID.noticeClose).click();
  const title = /^Could not open the link — the open graph is unchanged$/;
  // Cut at a length base64url cannot have, and at one that decodes but does not decompress.
  const data = link.split('#graph=')[1];
  const cut1 = data.slice(0, data.length - (data.length % 4 === 1 ? 2 : data.length % 4 === 2 ? 1 : data.length % 4 === 3 ? 2 : 3));
  for (const [cut, message] of [
    [data.slice(0, Math.floor(data.length / 2) - ((Math.floor(data.length / 2) % 4) === 1 ? 1 : 0)), /^the link is damaged or cut off: its data does not decompress/],
    [data.slice(0, 4 * Math.floor(data.length / 8) + 1), 'the link data has a length no base64url text can have: it was probably cut off'],
    [cut1 + '%25', /^the link holds the character "%" at position \d+ of its data, which base64url never uses$/],
  ] as const) {
    await expectRefused(
      page,
      async () => {
        await page.evaluate((h) => (location.hash = h), `graph=${cut}`);
      },
      title,
      message,
    );
    expect(new URL(page.url()).hash).toBe('');
  }
});

test('graph + trained weights export as one file and import back with the weights', async ({ page }) => {
  test.setTimeout(120_000);
  await openEmpty(page);
  await openTemplate(page, 'bayesian-mlp');
  await byTestId(page, TID.sidebarTab('train')).click();
  const steps = byTestId(page, TRAIN.setting('steps'));
  await steps.fill('40');
  await steps.blur();
  await expect(byTestId(page, TRAIN.start)).toBeEnabled({ timeout: 60_000 });
  await byTestId(page, TRAIN.start).click();
  await expect(byTestId(page, TRAIN.step)).toHaveText('40', { timeout: 60_000 });
  await expect(byTestId(page, TRAIN.state)).not.toHaveAttribute('data-state', 'running');

  await byTestId(page, SHARE_TID.exportButton).click();
  const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, SHARE_TID.exportWeights).click()]);
  expect(download.suggestedFilename()).toBe('bayesian-mlp-noisy-sine.with-weights.json');
  await expect(byTestId(page, SHARE_TID.notice)).toContainText('weights after 40 training steps');
  const text = readFileSync((await download.path())!, 'utf8');
  const bundle = JSON.parse(text);
  expect(bundle.format).toBe('tensorloom-bundle');
  expect(bundle.graph.name).toBe('Bayesian MLP (noisy sine)');
  expect(bundle.weights.step).toBe(40);
  expect(Object.keys(bundle.weights.weights)).toContain('w2/rho');

  // Weights that do not fit are refused (naming node and weight) and change nothing.
  const bad = JSON.parse(text);
  bad.weights.weights['w2/mu'].shape = [16, 15];
  await expectRefused(page, () => dropFile(page, 'bad-weights.json', JSON.stringify(bad)), /^Could not open the dropped file “bad-weights.json”/, 'weights: node "w2" weight mu: the file has shape [16, 15] but the graph expects [16, 16]');

  // A fresh graph, then the bundle: the graph comes back with its step-40 weights.
  await byTestId(page, TID.newGraph).click();
  await expect.poll(async () => (await graphOf(page)).nodes.length).toBe(0);
  await expect(byTestId(page, TRAIN.step)).not.toHaveText('40');
  await chooseFile(page, 'bayes.with-weights.json', text);
  await expect(byTestId(page, TID.graphName)).toHaveValue('Bayesian MLP (noisy sine)');
  await expect(byTestId(page, SHARE_TID.notice)).toContainText('with its trained weights (step 40)');
  await expect(byTestId(page, TRAIN.step)).toHaveText('40');
  await page.screenshot({ path: 'test-results/share-weights.png' });
});
