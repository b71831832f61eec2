import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import attentionHead from './attention-head';
import { float, int } from './api';
import { expectClose, gradCheck, infer, loadReference, maxDiff, memoryCache, randomWeights, refTensors, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

describe('attention-head', () => {
  it('infers y [B,Tq,dHead], weights [B,Tq,Tk] and [D,dHead] projections', () => {
    const self = infer(attentionHead, { dHead: 4 }, { q: float(['B', 'T', 8]) });
    expect(self.outputs.y.shape).toEqual(['B', 'T', 4]);
    expect(self.outputs.weights.shape).toEqual(['B', 'T', 'T']);
    expect(self.weights.wk.shape).toEqual([8, 4]);
    const cross = infer(attentionHead, { dHead: 4 }, { q: float(['B', 3, 8]), kv: float(['B', 'S', 8]) });
    expect(cross.outputs.weights.shape).toEqual(['B', 3, 'S']);
  });

  it('names the port and both sizes when kv disagrees with q', () => {
    expect(() => infer(attentionHead, {}, { q: float([2, 3, 8]), kv: float([2, 5, 6]) }, 'a1')).toThrow(
      'attention-head "a1": input kv has D=6 but input q expects D=8',
    );
    expect(() => infer(attentionHead, {}, { q: float([2, 3, 8]), kv: float([4, 5, 8]) })).toThrow(/input kv has B=4 but input q expects B=2/);
    expect(() => infer(attentionHead, {}, { q: float([3, 8]) })).toThrow(/input q must have rank 3/);
    expect(() => infer(attentionHead, {}, { q: int([2, 3]) })).toThrow(/rank 3/);
    expect(() => infer(attentionHead, {}, { q: int([2, 3, 8]) })).toThrow(/integer token ids/);
    expect(() => infer(attentionHead, {}, { q: float([2, 3, 'D']) })).toThrow(/needs a known D/);
    expect(() => infer(attentionHead, { causal: true }, { q: float([2, 5, 8]), kv: float([2, 3, 8]) })).toThrow(/Tk ≥ Tq.*Tq=5 and Tk=3/);
  });

  for (const name of ['attn-self-full', 'attn-self-causal', 'attn-cross']) {
    it(`matches reference ${name}`, () => {
      const c = loadReference(name);
      const out = run(attentionHead, c.params, refTensors(c.inputs), refTensors(c.weights));
      for (const [port, want] of Object.entries(c.outputs)) expectClose(out[port], want, c.tolerance);
    });
  }

  it('gives masked keys a weight of exactly 0, aligned to the last key when Tq < Tk', () => {
    const spec = infer(attentionHead, { dHead: 3, causal: true }, { q: float([1, 2, 5]), kv: float([1, 4, 5]) });
    const w = run(attentionHead, { dHead: 3, causal: true },
      { q: tf.randomNormal([1, 2, 5], 0, 3, 'float32', 1), kv: tf.randomNormal([1, 4, 5], 0, 3, 'float32', 2) },
      randomWeights(spec.weights)).weights.arraySync() as number[][][];
    // Query 0 sees keys 0..2, query 1 (the last) sees all four.
    expect(w[0][0][3]).toBe(0);
    expect(w[0][0].slice(0, 3).every((x) => x > 0)).toBe(true);
    expect(w[0][1].every((x) => x > 0)).toBe(true);
    for (const row of w[0]) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('uses the scale param instead of 1/√dHead when set', () => {
    const spec = infer(attentionHead, { dHead: 2 }, { q: float([1, 3, 4]) });
    const wts = randomWeights(spec.weights);
    const q = tf.randomNormal([1, 3, 4], 0, 1, 'float32', 5);
    const flat = run(attentionHead, { dHead: 2, scale: 0 }, { q }, wts).weights.dataSync();
    flat.forEach((x) => expect(x).toBeCloseTo(1 / 3, 6));
    const byDefault = run(attentionHead, { dHead: 2 }, { q }, wts).weights.dataSync();
    const explicit = run(attentionHead, { dHead: 2, scale: 1 / Math.SQRT2 }, { q }, wts).weights.dataSync();
    expect(Array.from(explicit)).toEqual(Array.from(byDefault));
  });

  it('with a KV cache, a prompt then one token at a time equals the full causal forward', () => {
    const raw = { dHead: 4, causal: true };
    const spec = infer(attentionHead, raw, { q: float([2, 6, 8]) });
    const wts = randomWeights(spec.weights);
    const x = tf.randomNormal([2, 6, 8], 0, 1, 'float32', 11);
    const full = run(attentionHead, raw, { q: x }, wts).y;
    const cache = memoryCache();
    const parts = [run(attentionHead, raw, { q: tf.slice(x, [0, 0, 0], [2, 3, 8]) }, wts, { cache }).y];
    for (let t = 3; t < 6; t++) {
      cache.offset = t;
      const out = run(attentionHead, raw, { q: tf.slice(x, [0, t, 0], [2, 1, 8]) }, wts, { cache });
      expect(out.weights.shape).toEqual([2, 1, t + 1]);
      parts.push(out.y);
    }
    expect(cache.store.get('keys')!.shape).toEqual([2, 6, 4]);
    const stepped = tf.concat(parts, 1);
    expect(maxDiff(stepped, full)).toBeLessThan(1e-5);
  });

  it('refuses a cache that does not match the generation offset', () => {
    const spec = infer(attentionHead, { dHead: 2 }, { q: float([1, 1, 3]) });
    const cache = memoryCache(4);
    expect(() => run(attentionHead, { dHead: 2 }, { q: tf.ones([1, 1, 3]) }, randomWeights(spec.weights), { cache })).toThrow(
      /keys cache holds 0 steps but generation is at step 4/,
    );
  });

  it('autodiff gradients match finite differences (self causal and cross)', () => {
    const spec = infer(attentionHead, { dHead: 3 }, { q: float([2, 4, 5]) });
    const w = randomWeights(spec.weights);
    const q = tf.randomNormal([2, 4, 5], 0, 1, 'float32', 3);
    const kv = tf.randomNormal([2, 6, 5], 0, 1, 'float32', 4);
    expect(gradCheck(attentionHead, { dHead: 3, causal: true }, { q }, w)).toBeLessThan(2e-2);
    expect(gradCheck(attentionHead, { dHead: 3, causal: true }, { q, kv }, w)).toBeLessThan(2e-2);
  });

  it('has a formula KaTeX can render', () => {
    expect(() => katex.renderToString(attentionHead.formula, { throwOnError: true })).not.toThrow();
  });
});
