// The worker protocol end to end, in-process: the page-side RuntimeClient talks to the
// worker's message handler (WorkerHost) through structured clones, on the cpu backend.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../graph/schema';
import { quietNode } from './backend';
import { tinyBayes, tinyLanguageModel, tinyRnnAttention, tinySeq2Seq, tinyVae } from './test-graphs';
import { RuntimeClient, type RuntimeState, type WorkerLike } from './worker-client';
import { WorkerHost } from './worker-host';
import type { FromWorker, ToWorker } from './worker-protocol';

beforeAll(() => quietNode());

/** A Worker stand-in: messages cross as structured clones, asynchronously, as in the page. */
function inProcessWorker(): WorkerLike & { host: WorkerHost } {
  const w: WorkerLike & { host: WorkerHost } = {
    onmessage: null,
    host: new WorkerHost((msg: FromWorker) => {
      const copy = structuredClone(msg);
      setTimeout(() => w.onmessage?.({ data: copy }), 0);
    }),
    postMessage(msg: ToWorker) {
      const copy = structuredClone(msg);
      setTimeout(() => void w.host.handle(copy), 0);
    },
    terminate() {},
  };
  return w;
}

let clients: RuntimeClient[] = [];
afterEach(async () => {
  for (const c of clients) {
    await c.stop();
    c.dispose();
  }
  clients = [];
});

async function open(graph: Graph): Promise<RuntimeClient> {
  const c = new RuntimeClient(inProcessWorker(), 'cpu');
  clients.push(c);
  c.setGraph(graph);
  await c.flushGraph();
  return c;
}

/** Resolves when the client's state satisfies the predicate. */
function until(c: RuntimeClient, pred: (s: RuntimeState) => boolean, timeoutMs = 30_000): Promise<RuntimeState> {
  return new Promise((resolve, reject) => {
    if (pred(c.getState())) return resolve(c.getState());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out; state: ${JSON.stringify({ ...c.getState(), reports: c.getState().reports.length })}`));
    }, timeoutMs);
    const off = c.subscribe(() => {
      if (!pred(c.getState())) return;
      clearTimeout(timer);
      off();
      resolve(c.getState());
    });
  });
}

describe('graph info', () => {
  it('describes a language model: loss terms, data, generation, attention nodes', async () => {
    const c = await open(tinyLanguageModel({ layers: 2 }));
    const info = c.getState().info!;
    expect(info.ok).toBe(true);
    expect(info.backend).toBe('cpu');
    expect(info.lossLabels).toEqual(['ce']);
    expect(info.canTrain).toBe(true);
    expect(info.data[0]).toMatchObject({ nodeId: 'corpus', type: 'text-corpus' });
    expect(info.data[0].describe).toMatch(/char tokens/);
    expect(info.tokensPerStep).toBe(8 * 16);
    expect(info.generation).toMatchObject({ seq2seq: false, context: 16, beamWidth: 3 });
    expect(info.attention.map((a) => [a.nodeId, a.heads, a.cross])).toEqual([
      ['block[0]/attn', 2, false],
      ['block[1]/attn', 2, false],
    ]);
    expect(info.vae).toBeUndefined();
    expect(info.bayes).toBeUndefined();
  });

  it('recognises Seq2Seq, VAE and Bayesian graphs', async () => {
    const s2s = (await open(tinySeq2Seq())).getState().info!;
    expect(s2s.generation?.seq2seq).toBe(true);
    expect(s2s.generation?.examples.length).toBeGreaterThan(0);
    expect(s2s.attention.filter((a) => a.cross).map((a) => a.nodeId)).toEqual(['cross']);
    const vae = (await open(tinyVae())).getState().info!;
    expect(vae.vae).toEqual({ samplerId: 'sampler', latent: 2, side: 8 });
    expect(vae.lossLabels.sort()).toEqual(['kl', 'recon']);
    const bayes = (await open(tinyBayes())).getState().info!;
    expect(bayes.bayes).toEqual({ weightNodes: ['w1', 'w2'], sourceId: 'toy', sourceType: 'toy-2d' });
  });

  it('reports compile errors by node and refuses to train', async () => {
    const g = tinyLanguageModel();
    const broken = { ...g, edges: g.edges.filter((e) => !(e.target === 'ce' && e.targetPort === 'targets')) };
    const c = await open(broken);
    const info = c.getState().info!;
    expect(info.ok).toBe(false);
    expect(info.problems.join('\n')).toMatch(/ce/);
    await expect(c.request({ type: 'start' })).rejects.toThrow(/does not compile/);
  });
});

describe('training through the worker', () => {
  it('reports every reportEvery steps, the loss falls, pause/resume continues from the same step', async () => {
    const c = await open(tinyLanguageModel({ context: 8, dModel: 16 }, { steps: 40, reportEvery: 5, validateEvery: 20 }));
    await c.startTraining();
    expect(c.getState().status.state).toBe('running');
    await until(c, (s) => s.reports.length >= 2);
    await c.pause();
    const paused = await until(c, (s) => s.status.state === 'paused');
    const pausedAt = paused.status.step;
    expect(pausedAt % 5).toBe(0);
    expect(paused.reports[paused.reports.length - 1].step).toBe(pausedAt);
    expect(paused.status.run).toEqual({ startStep: 0, target: 40 });

    await c.resume();
    const done = await until(c, (s) => s.status.state === 'idle');
    const steps = done.reports.map((r) => r.step);
    // The first report after resuming is one reportEvery after the pause: no step lost or repeated.
    expect(steps[steps.indexOf(pausedAt) + 1]).toBe(pausedAt + 5);
    expect(steps).toEqual([5, 10, 15, 20, 25, 30, 35, 40]);
    expect(done.status.step).toBe(40);
    expect(done.status.run).toBeUndefined();
    const first = done.reports[0].losses.total;
    const last = done.reports[done.reports.length - 1].losses.total;
    expect(last).toBeLessThan(first - 0.3);
    // Held-out loss at every validateEvery steps.
    expect(done.reports.filter((r) => r.val).map((r) => r.step)).toEqual([20, 40]);
    expect(done.reports[0].stepsPerSec).toBeGreaterThan(0);
    expect(done.reports[0].tokensPerSec).toBeCloseTo(done.reports[0].stepsPerSec * 8 * 8, 0);
  });

  it('steps one batch at a time, stops, and resets the weights', async () => {
    const c = await open(tinyLanguageModel({ context: 8, dModel: 16 }));
    await c.stepOnce();
    await c.stepOnce();
    let s = await until(c, (x) => x.reports.length === 2);
    expect(s.reports.map((r) => r.step)).toEqual([1, 2]);
    expect(s.status.state).toBe('idle');

    await c.startTraining();
    await until(c, (x) => x.reports.length >= 3);
    await c.stop();
    s = await until(c, (x) => x.status.state === 'idle');
    expect(s.status.run).toBeUndefined();
    // Stops at a report: reports land on multiples of reportEvery after the two single steps.
    expect(s.status.step % 5).toBe(0);
    expect(s.reports[s.reports.length - 1].step).toBe(s.status.step);
    const stoppedAt = s.status.step;
    await new Promise((r) => setTimeout(r, 300));
    expect(c.getState().status.step).toBe(stoppedAt);

    await c.resetWeights();
    s = await until(c, (x) => x.status.step === 0);
    expect(s.reports).toEqual([]);
    // Re-initialised from the same seed: saving gives the same weights as a fresh session.
    const fresh = await open(tinyLanguageModel({ context: 8, dModel: 16 }));
    const [a, b] = await Promise.all([c.request({ type: 'saveWeights' }), fresh.request({ type: 'saveWeights' })]);
    expect(a.weights).toEqual(b.weights);
  });

  it('keeps the weights across an edit of unrelated params, and re-initialises only what changed shape', async () => {
    const g = tinyLanguageModel();
    const c = await open(g);
    await c.stepOnce();
    await c.stepOnce();
    const before = await c.request({ type: 'saveWeights' });
    // A different learning rate and a longer generation: every weight still fits.
    c.setGraph({
      ...g,
      training: { ...g.training, learningRate: 0.002 },
      nodes: g.nodes.map((n) => (n.id === 'decoder' ? { ...n, params: { ...n.params, maxLength: 40 } } : n)),
    });
    await c.flushGraph();
    let info = c.getState().info!;
    expect(info.adopted).toBe(info.weightCount);
    expect(info.step).toBe(2);
    expect((await c.request({ type: 'saveWeights' })).weights).toEqual(before.weights);

    // A wider feed-forward layer: its weights start fresh, the others are kept.
    c.setGraph({ ...g, nodes: g.nodes.map((n) => (n.id === 'ff' ? { ...n, params: { ...n.params, dHidden: 48 } } : n)) });
    await c.flushGraph();
    info = c.getState().info!;
    // w1, b1 and w2 change shape; b2 ([D]) still fits.
    expect(info.adopted).toBe(info.weightCount - 3);
    const after = await c.request({ type: 'saveWeights' });
    expect(after.weights['emb/table']).toEqual(before.weights['emb/table']);
    expect(after.weights['block[0]/ff/w1'].shape).toEqual([32, 48]);
  });

  it('another document (a new store generation) starts from fresh weights, even with the same node ids', async () => {
    const g = tinyLanguageModel({ context: 8, dModel: 16 });
    const c = new RuntimeClient(inProcessWorker(), 'cpu');
    clients.push(c);
    c.setGraph(g, { generation: 1 });
    await c.flushGraph();
    const initial = await c.request({ type: 'saveWeights' });
    await c.stepOnce();
    // An edit of the same document keeps the trained weights…
    c.setGraph({ ...g, training: { ...g.training, learningRate: 0.005 } }, { generation: 1 });
    await c.flushGraph();
    expect(c.getState().info!.adopted).toBe(c.getState().info!.weightCount);
    expect(c.getState().status.step).toBe(1);
    // …opening a document, even an identical one, does not.
    c.setGraph(structuredClone(g), { generation: 2 });
    await c.flushGraph();
    expect(c.getState().info!.adopted).toBe(0);
    const s = await until(c, (x) => x.status.step === 0);
    expect(s.reports).toEqual([]);
    expect((await c.request({ type: 'saveWeights' })).weights).toEqual(initial.weights);
  });

  it('saves and loads weights; a file that does not fit names node and weight and changes nothing', async () => {
    const c = await open(tinyLanguageModel());
    await c.stepOnce();
    const file = await c.request({ type: 'saveWeights' });
    expect(file.step).toBe(1);
    await c.stepOnce();
    await c.stepOnce();
    const trained = await c.request({ type: 'saveWeights' });

    const bad = structuredClone(file);
    bad.weights['head/kernel'].shape = [32, 10];
    const refused = await c.loadWeights(bad);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors.join('\n')).toMatch(/node "head" weight kernel.*\[32, 10\].*\[32, 44\]/);
    expect((await c.request({ type: 'saveWeights' })).weights).toEqual(trained.weights);
    expect(c.getState().status.step).toBe(3);

    const loaded = await c.loadWeights(file);
    expect(loaded).toEqual({ ok: true, step: 1 });
    expect((await c.request({ type: 'saveWeights' })).weights).toEqual(file.weights);
    await until(c, (s) => s.status.step === 1);
  });
});

describe('inference requests', () => {
  it('generates greedily and with beam search, returning the beam tree', async () => {
    const c = await open(tinyLanguageModel());
    const greedy = await c.request({ type: 'generate', prompt: 'Once', beamWidth: 1, maxLength: 8 });
    expect(greedy.promptText).toBe('Once');
    expect(greedy.tokens).toHaveLength(8);
    expect(greedy.text.length).toBeGreaterThan(0);
    expect(greedy.tree).toHaveLength(8);
    expect(greedy.tree.every((s) => s.candidates.filter((x) => x.kept).length === 1)).toBe(true);

    const beam = await c.request({ type: 'generate', prompt: 'Once', beamWidth: 3, maxLength: 6 });
    expect(beam.tree).toHaveLength(6);
    for (const [i, step] of beam.tree.entries()) {
      expect(step.candidates.filter((x) => x.kept).length).toBeLessThanOrEqual(3);
      // Every candidate considered: each of 3 hypotheses (1 at the start) extended by every token.
      expect(step.considered).toBe((i === 0 ? 1 : 3) * 44);
      // Exactly one drawn candidate per step lies on the winning path; parents point at kept rows.
      expect(step.candidates.filter((x) => x.best)).toHaveLength(1);
      if (i > 0) for (const cand of step.candidates) expect(beam.tree[i - 1].candidates[cand.parent].kept).toBe(true);
    }
    const bestPath = beam.tree.map((s) => s.candidates.find((x) => x.best)!.text);
    expect(bestPath).toEqual(beam.tokens);
    expect(beam.probability).toBeCloseTo(Math.exp(beam.logProb), 10);

    const sampled = await c.request({ type: 'generate', prompt: 'Once', sampling: 'temperature', temperature: 0.8, topK: 5, maxLength: 6, seed: 3 });
    expect(sampled.tokens).toHaveLength(6);
  });

  it('returns attention maps of every head and layer, rows summing to 1, tokens on both axes', async () => {
    const c = await open(tinyLanguageModel({ layers: 2 }));
    const r = await c.request({ type: 'attention', text: 'Once upon' });
    expect(r.tokens).toEqual(['O', 'n', 'c', 'e', '␣', 'u', 'p', 'o', 'n']);
    expect(r.maps.map((m) => [m.nodeId, m.layer, m.head])).toEqual([
      ['block[0]/attn', 0, 0],
      ['block[0]/attn', 0, 1],
      ['block[1]/attn', 1, 0],
      ['block[1]/attn', 1, 1],
    ]);
    for (const m of r.maps) {
      expect(m.rows).toEqual(r.tokens);
      expect(m.cols).toEqual(r.tokens);
      expect(m.data).toBeInstanceOf(Float32Array);
      for (let i = 0; i < 9; i++) {
        const row = Array.from(m.data.slice(i * 9, (i + 1) * 9));
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        // Causal: no weight on later tokens.
        expect(row.slice(i + 1).every((x) => x === 0)).toBe(true);
      }
    }
  });

  it('shows Seq2Seq cross-attention with decoded tokens against the source', async () => {
    const c = await open(tinySeq2Seq());
    const r = await c.request({ type: 'attention', source: 'abc', target: 'cb' });
    const cross = r.maps.filter((m) => m.cross);
    expect(cross).toHaveLength(2);
    expect(cross[0].rows).toEqual(['<bos>', 'c', 'b']);
    expect(cross[0].cols.slice(0, 3)).toEqual(['a', 'b', 'c']);
    const enc = r.maps.find((m) => m.nodeId === 'enc')!;
    expect(enc.rows).toEqual(enc.cols);
  });

  it('puts decoded tokens against the source for an RNN decoder that also reads the encoder state', async () => {
    const c = await open(tinyRnnAttention());
    expect(c.getState().info!.attention).toEqual([{ nodeId: 'attn', docId: 'attn', type: 'attention-head', heads: 1, cross: true }]);
    const r = await c.request({ type: 'attention', source: 'abcd', target: 'dc' });
    expect(r.maps).toHaveLength(1);
    expect(r.maps[0].cross).toBe(true);
    expect(r.maps[0].rows).toEqual(['<bos>', 'd', 'c']);
    expect(r.maps[0].cols.slice(0, 4)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('inspects every node output after a forward pass', async () => {
    const c = await open(tinyLanguageModel());
    const r = await c.request({ type: 'inspect' });
    const head = r.nodes.find((n) => n.nodeId === 'head')!;
    expect(head.outputs.y.shape).toEqual([8, 16, 44]);
    expect(head.outputs.y.count).toBe(8 * 16 * 44);
    expect(head.outputs.y.histogram.reduce((a, b) => a + b, 0)).toBe(8 * 16 * 44);
    expect(head.outputs.y.min).toBeLessThan(head.outputs.y.mean);
    expect(head.outputs.y.max).toBeGreaterThan(head.outputs.y.mean);
    const norm = r.nodes.find((n) => n.nodeId === 'block[0]/norm1')!;
    expect(norm.docId).toBe('norm1');
    // Layer norm with gamma 1, beta 0 at init: each row has mean 0 and std 1, so the whole too.
    expect(norm.outputs.y.mean).toBeCloseTo(0, 4);
    expect(norm.outputs.y.std).toBeCloseTo(1, 2);
    expect(r.nodes.find((n) => n.nodeId === 'ce')!.outputs.loss.shape).toEqual([]);
  });

  it('explores a VAE: reconstructions, a latent traversal grid and an interpolation', async () => {
    const c = await open(tinyVae());
    const r = await c.request({ type: 'vae', size: 5 });
    expect(r.side).toBe(8);
    expect(r.inputs).toHaveLength(8);
    expect(r.reconstructions).toHaveLength(8);
    expect(r.traversal.images).toHaveLength(25);
    expect(r.interpolation.images).toHaveLength(8);
    for (const img of [...r.inputs, ...r.reconstructions, ...r.traversal.images]) {
      expect(img).toHaveLength(64);
      expect(img.every((x) => x >= 0 && x <= 1)).toBe(true);
    }
    // Different latent points decode to different images.
    expect(Array.from(r.traversal.images[0])).not.toEqual(Array.from(r.traversal.images[24]));
  });

  it('draws a Bayesian predictive band, and posterior → prior zeroes the KL before training on', async () => {
    const c = await open(tinyBayes());
    await c.startTraining();
    await until(c, (s) => s.status.state === 'idle' && s.status.step === 40);
    const band = await c.request({ type: 'bayes', samples: 30, points: 50 });
    expect(band.xs).toHaveLength(50);
    expect(band.samples).toBe(30);
    expect(band.std.every((s) => s > 0)).toBe(true);
    expect(band.curves).toHaveLength(6);
    expect(band.train.x.length).toBe(200);

    const before = await c.request({ type: 'evaluate', batches: 1 });
    expect(before.kl1).toBeGreaterThan(0);
    expect(await c.request({ type: 'posteriorToPrior' })).toEqual({ nodes: ['w1', 'w2'] });
    const after = await c.request({ type: 'evaluate', batches: 1 });
    expect(after.kl1).toBeCloseTo(0, 4);
    expect(after.kl2).toBeCloseTo(0, 4);

    // New data (another sample of the toy set): the new prior and weights carry over.
    c.setGraph(tinyBayes({ steps: 10 }, { seed: 2 }));
    await c.flushGraph();
    expect(c.getState().info!.adopted).toBe(c.getState().info!.weightCount);
    expect((await c.request({ type: 'evaluate', batches: 1 })).kl1).toBeCloseTo(0, 4);
    await c.startTraining();
    const s = await until(c, (x) => x.status.state === 'idle' && x.status.step === 50);
    expect(s.reports[s.reports.length - 1].losses.kl1).toBeLessThan(before.kl1);
  });
});
