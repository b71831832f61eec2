// Playing with trained graphs in the Run tab: text generation (greedy, beam 3, sampling) with
// the beam tree, attention maps of every head and layer, node inspection, and the panels of
// the other model families (Seq2Seq with cross-attention, VAE explorer, Bayesian band).
import { expect, test, type Page } from '@playwright/test';
import type { Graph } from '../src/graph/schema';
import { PLAY } from '../src/play/testids';
import { tinyBayes, tinyLanguageModel, tinySeq2Seq, tinyVae } from '../src/runtime/test-graphs';
import { TRAIN } from '../src/train/testids';
import { openGraph } from './helpers';

type Store = { tensorloom: { store: { getState(): { graph: Graph }; setSelection(s: { nodes: string[]; edges: string[] }): void } } };

/** Opens the graph, trains it for its steps in the Train tab and switches to the Run tab. */
async function trainThenRun(page: Page, graph: Graph): Promise<void> {
  await openGraph(page, graph);
  await page.getByTestId('sidebar-tab-train').click();
  await expect(page.getByTestId(TRAIN.start)).toBeEnabled({ timeout: 30_000 });
  await page.getByTestId(TRAIN.start).click();
  await expect(page.getByTestId(TRAIN.step)).toHaveText(String(graph.training.steps), { timeout: 90_000 });
  await expect(page.getByTestId(TRAIN.state)).toHaveAttribute('data-state', 'idle');
  await page.getByTestId('sidebar-tab-run').click();
}

test('generates text greedily, with beam width 3 and by sampling; draws the beam tree', async ({ page }) => {
  test.setTimeout(150_000);
  await trainThenRun(page, tinyLanguageModel({ context: 16, dModel: 32, layers: 2 }, { steps: 40, reportEvery: 10, validateEvery: 0 }));
  await page.getByTestId(PLAY.genPrompt).fill('Once upon a');
  await page.getByTestId(PLAY.genMax).fill('12');

  await page.getByTestId(PLAY.genMode('greedy')).click();
  await page.getByTestId(PLAY.genRun).click();
  await expect(page.getByTestId(PLAY.genMeta)).toContainText('12 tokens');
  // Twelve characters (a barely trained model may well choose spaces).
  expect(await page.getByTestId(PLAY.genText).textContent()).toHaveLength(12);
  await expect(page.getByTestId(PLAY.genOutput)).toContainText('Once upon a');
  const tree = page.getByTestId('beam-tree');
  await expect(tree).toHaveAttribute('data-steps', '12');
  // Greedy: one hypothesis kept per step, and it is the winner.
  await expect(tree.locator('[data-kept]')).toHaveCount(12);
  await expect(tree.locator('[data-best]')).toHaveCount(12);

  await page.getByTestId(PLAY.genMode('beam')).click();
  await page.getByTestId(PLAY.genBeamWidth).fill('3');
  await page.getByTestId(PLAY.genRun).click();
  await expect(page.getByTestId(PLAY.genMeta)).toContainText('12 tokens');
  await expect(tree).toHaveAttribute('data-steps', '12');
  // Every step draws its hypotheses: at most 3 kept, the winning path marked once per step.
  for (let step = 1; step <= 12; step++) {
    const kept = await tree.locator(`[data-step="${step}"][data-kept]`).count();
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThanOrEqual(3);
    await expect(tree.locator(`[data-step="${step}"][data-best]`)).toHaveCount(1);
  }
  expect(await tree.locator('[data-testid=beam-node]').count()).toBeGreaterThan(12 * 3);
  expect(await page.getByTestId(PLAY.genText).textContent()).toHaveLength(12);
  await page.screenshot({ path: '/tmp/play-generate.png' });
  await page.getByTestId(PLAY.treeExpand).click();
  await expect(page.getByTestId('run-modal').getByTestId('beam-tree')).toBeVisible();
  await page.screenshot({ path: '/tmp/play-beam-tree.png' });
  await page.getByTestId('run-modal-close').click();

  await page.getByTestId(PLAY.genMode('sample')).click();
  await page.getByTestId(PLAY.genTemperature).fill('0.8');
  await page.getByTestId(PLAY.genTopK).fill('5');
  await page.getByTestId(PLAY.genRun).click();
  await expect(page.getByTestId(PLAY.genMeta)).toContainText('12 tokens');

  // Attention on the last input (the prompt and what was generated): 2 layers × 2 heads.
  await page.getByTestId(PLAY.attentionRun).click();
  await expect(page.getByTestId('attention-thumb')).toHaveCount(4);
  await expect(page.getByTestId(PLAY.attentionGrid)).toContainText('block[0]/attn');
  await expect(page.getByTestId(PLAY.attentionGrid)).toContainText('block[1]/attn');
  await expect(page.getByTestId('attention-large')).toBeVisible();
  await page.getByTestId('attention-thumb').nth(3).click();
  await page.getByTestId('attention-large').scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/play-attention.png' });

  // Node inspection after a forward pass: the selected node's statistics and histogram.
  await page.getByTestId(PLAY.inspectRun).click();
  await expect(page.getByTestId(PLAY.inspectList)).toContainText('head');
  await page.getByTestId(PLAY.inspectList).scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/play-inspect-all.png' });
  await page.evaluate(() => (window as unknown as Store).tensorloom.store.setSelection({ nodes: ['head'], edges: [] }));
  const inspected = page.getByTestId(PLAY.inspectNode);
  await expect(inspected).toContainText('[8, 16, 44]');
  await expect(inspected).toContainText('mean');
  await expect(inspected.getByTestId(PLAY.histogram)).toHaveCount(1);
  // A node inside the repeated block shows each layer's copy.
  await page.evaluate(() => (window as unknown as Store).tensorloom.store.setSelection({ nodes: ['norm2'], edges: [] }));
  await expect(inspected.getByTestId(PLAY.histogram)).toHaveCount(2);
  await inspected.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/play-inspect-node.png' });
});

test('Seq2Seq: decodes a typed source and shows its cross-attention', async ({ page }) => {
  test.setTimeout(150_000);
  await trainThenRun(page, tinySeq2Seq({ steps: 150, reportEvery: 25 }));
  await page.getByTestId(PLAY.s2sSource).fill('abcd');
  await page.getByTestId(PLAY.s2sRun).click();
  await expect(page.getByTestId(PLAY.s2sOutput)).toContainText('→');
  // The cross-attention section follows each decode: its rows are the decoded tokens after <bos>.
  await expect(page.getByTestId('attention-large').first()).toBeVisible();
  await expect(page.getByTestId(PLAY.attentionGrid).first()).toContainText('cross-attention');
  await page.screenshot({ path: '/tmp/play-seq2seq.png' });
});

test('VAE: reconstructions, latent traversal and interpolation', async ({ page }) => {
  test.setTimeout(150_000);
  await trainThenRun(page, tinyVae({ steps: 100, reportEvery: 25 }));
  await page.getByTestId(PLAY.vaeRun).click();
  const grid = page.getByTestId(PLAY.vaeGrid);
  // 8 inputs + 8 reconstructions, a 7 × 7 traversal, 8 interpolation steps between 2 inputs.
  await expect(grid.locator('canvas')).toHaveCount(8 + 8 + 49 + 10);
  await page.screenshot({ path: '/tmp/play-vae.png' });
});

test('Bayesian net: predictive band, posterior → prior, then training goes on with new data', async ({ page }) => {
  test.setTimeout(150_000);
  await trainThenRun(page, tinyBayes({ steps: 200, reportEvery: 20 }));
  await page.getByTestId(PLAY.bayesRun).click();
  const chart = page.getByTestId(PLAY.bayesChart);
  await expect(chart.locator('path.band')).toHaveCount(1);
  await expect(chart.locator('path.mean')).toHaveCount(1);
  await expect(chart.locator('circle.point')).toHaveCount(200);

  await expect(page.getByTestId(PLAY.newData)).toBeDisabled();
  await page.getByTestId(PLAY.posteriorToPrior).click();
  await expect(page.getByText('is now the prior')).toBeVisible();
  await page.getByTestId(PLAY.newData).click();
  const seed = await page.evaluate(() => (window as unknown as Store).tensorloom.store.getState().graph.nodes.find((n) => n.id === 'toy')!.params.seed);
  expect(seed).toBe(2);
  await page.screenshot({ path: '/tmp/play-bayes.png' });

  // Training continues from step 200 on the new sample, with the weights and the new prior.
  await page.getByTestId('sidebar-tab-train').click();
  await expect(page.getByTestId(TRAIN.step)).toHaveText('200');
  await page.getByTestId(TRAIN.start).click();
  await expect(page.getByTestId(TRAIN.step)).toHaveText('400', { timeout: 60_000 });
});
