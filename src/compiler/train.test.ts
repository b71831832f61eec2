// Three graphs built in code train in Node (wasm backend) to a stated loss, well below where
// they start: a causal transformer LM, an LSTM encoder–decoder, and a VAE.
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../graph/builder';
import { generate } from '../runtime/generate';
import { quietNode } from '../runtime/backend';
import { Session } from '../runtime/session';

quietNode();
const sessions: Session[] = [];
afterAll(() => sessions.forEach((s) => s.dispose()));

async function trainGraph(g: ReturnType<GraphBuilder['build']>, steps: number) {
  const s = await Session.create(g, { backend: 'wasm' });
  sessions.push(s);
  const start = await s.evaluate(2);
  const last = await s.train(steps, { reportEvery: steps, validateEvery: 0 });
  const end = await s.evaluate(2);
  console.log(`${g.name}: held-out loss ${start.total.toFixed(3)} → ${end.total.toFixed(3)} in ${steps} steps`);
  return { s, start: start.total, train: last!.losses.total, end: end.total };
}

const TEXT = Array.from({ length: 60 }, (_, i) =>
  ['the cat sat on the mat. ', 'a dog ran to the park. ', 'the sun is warm today. '][i % 3],
).join('');

// Distinct digit strings of length 3–5 and their reverses, as TSV (seeded LCG, no Math.random).
const DIGIT_PAIRS = (() => {
  let x = 12345;
  const seen = new Set<string>();
  while (seen.size < 2500) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const len = 3 + (x % 3);
    let s = '';
    for (let i = 0; i < len; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      s += String((x >> 8) % 10);
    }
    seen.add(s);
  }
  return [...seen].map((s) => `${s}\t${[...s].reverse().join('')}`).join('\n');
})();

describe('training graphs built in code', () => {
  it('a 1-layer causal transformer LM learns a small inline text', async () => {
    const g = new GraphBuilder('tiny transformer')
      .node('text', 'text-corpus', { corpus: 'custom', text: TEXT, contextLength: 24, batchSize: 16 })
      .node('emb', 'embedding', { vocabSize: 24, dModel: 32 })
      .node('pos', 'positional-encoding', {})
      .node('attn', 'multi-head-attention', { heads: 2, causal: true })
      .node('rn1', 'residual-norm', {})
      .node('ff', 'feed-forward', { dHidden: 64 })
      .node('rn2', 'residual-norm', {})
      .node('head', 'dense', { units: 24 })
      .node('ce', 'cross-entropy', {})
      .node('dec', 'beam-decoder', { beamWidth: 1, maxLength: 20 })
      .edge('text.tokens', 'emb.tokens').edge('emb.y', 'pos.x').edge('pos.y', 'attn.q')
      .edge('pos.y', 'rn1.x').edge('attn.y', 'rn1.fx').edge('rn1.y', 'ff.x').edge('rn1.y', 'rn2.x').edge('ff.y', 'rn2.fx')
      .edge('rn2.y', 'head.x').edge('head.y', 'ce.logits').edge('text.targets', 'ce.targets').edge('head.y', 'dec.logits')
      .build({ learningRate: 0.01, seed: 3 });
    const r = await trainGraph(g, 150);
    expect(r.start).toBeGreaterThan(2.5);
    expect(r.end).toBeLessThan(0.9);
    const out = await generate(r.s, { prompt: 'the cat sat', beamWidth: 1, maxLength: 12 });
    expect(out.text).toContain(' on the mat');
  });

  it('an LSTM encoder–decoder learns to reverse short digit strings', async () => {
    const g = new GraphBuilder('reverse lstm')
      .node('pairs', 'sequence-pairs', { task: 'custom', text: DIGIT_PAIRS, batchSize: 32 })
      .node('srcEmb', 'embedding', { vocabSize: 13, dModel: 16 })
      .node('enc', 'rnn', { cell: 'lstm', units: 96 })
      .node('tgtEmb', 'embedding', { vocabSize: 13, dModel: 16 })
      .node('dec', 'rnn', { cell: 'lstm', units: 96 })
      .node('head', 'dense', { units: 13 })
      .node('ce', 'cross-entropy', {})
      .node('beam', 'beam-decoder', { beamWidth: 2, maxLength: 8 })
      .edge('pairs.src', 'srcEmb.tokens').edge('srcEmb.y', 'enc.x')
      .edge('pairs.tgtIn', 'tgtEmb.tokens').edge('tgtEmb.y', 'dec.x').edge('enc.h', 'dec.h0').edge('enc.c', 'dec.c0')
      .edge('dec.sequence', 'head.x').edge('head.y', 'ce.logits').edge('pairs.tgtOut', 'ce.targets').edge('head.y', 'beam.logits')
      .build({ learningRate: 0.01, seed: 1 });
    const r = await trainGraph(g, 400);
    expect(r.start).toBeGreaterThan(2);
    expect(r.end).toBeLessThan(0.6);
    const out = await generate(r.s, { source: '3141', beamWidth: 2 });
    expect(out.text).toBe('1413');
  });

  it('a VAE on synthetic digit images lowers its free energy (reconstruction + KL)', async () => {
    const g = new GraphBuilder('vae')
      .node('images', 'image-set', { set: 'digits', size: 8, batchSize: 32, count: 1000 })
      .node('enc', 'dense', { units: 64, activation: 'relu' })
      .node('mu', 'dense', { units: 4 })
      .node('logVar', 'dense', { units: 4 })
      .node('z', 'gaussian-sampler', {})
      .node('dec1', 'dense', { units: 64, activation: 'relu' })
      .node('dec2', 'dense', { units: 64, activation: 'sigmoid' })
      .node('recon', 'bce', {})
      .node('kl', 'kl-loss', { beta: 1 / 64 })
      .edge('images.images', 'enc.x').edge('enc.y', 'mu.x').edge('enc.y', 'logVar.x')
      .edge('mu.y', 'z.mu').edge('logVar.y', 'z.logVar').edge('z.z', 'dec1.x').edge('dec1.y', 'dec2.x')
      .edge('dec2.y', 'recon.prediction').edge('images.images', 'recon.target').edge('z.kl', 'kl.kl')
      .build({ learningRate: 0.005, seed: 2 });
    const r = await trainGraph(g, 300);
    expect(r.s.program.lossTerms.map((t) => t.label).sort()).toEqual(['kl', 'recon']);
    expect(r.start).toBeGreaterThan(0.6);
    expect(r.end).toBeLessThan(0.75 * r.start);
  });
});
