import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import mha from './multi-head-attention';
import attentionHead from './attention-head';
import { float, linear } from './api';
import { expectClose, gradCheck, infer, loadReference, maxDiff, memoryCache, randomWeights, refTensors, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

describe('multi-head-attention', () => {
  it('infers y [B,Tq,D], weights [B,h,Tq,Tk] and [D,D] / [D] weights', () => {
    const r = infer(mha, { heads: 2 }, { q: float(['B', 5, 8]), kv: float(['B', 'S', 8]) });
    expect(r.outputs.y.shape).toEqual(['B', 5, 8]);
    expect(r.outputs.weights.shape).toEqual(['B', 2, 5, 'S']);
    expect(Object.keys(r.weights).sort()).toEqual(['bk', 'bo', 'bq', 'bv', 'wk', 'wo', 'wq', 'wv']);
    expect(r.weights.wo.shape).toEqual([8, 8]);
    expect(r.weights.bv.shape).toEqual([8]);
  });

  it('refuses a width the heads cannot split, and a kv that disagrees', () => {
    expect(() => infer(mha, { heads: 3 }, { q: float([2, 4, 8]) }, 'm1')).toThrow(
      'multi-head-attention "m1": input q has D=8, which 3 heads cannot split evenly (D must be a multiple of heads)',
    );
    expect(() => infer(mha, { heads: 2 }, { q: float([2, 4, 8]), kv: float([2, 4, 6]) })).toThrow(/input kv has D=6 but input q expects D=8/);
    expect(() => infer(mha, { heads: 2, causal: true }, { q: float([2, 4, 8]), kv: float([2, 2, 8]) })).toThrow(/Tq=4 and Tk=2/);
    expect(() => infer(mha, {}, { q: float([4, 8]) })).toThrow(/input q must have rank 3/);
    const bad = randomWeights(infer(mha, { heads: 2 }, { q: float([1, 2, 6]) }).weights);
    expect(() => run(mha, { heads: 4 }, { q: tf.ones([1, 2, 6]) }, bad)).toThrow(/D=6, which 4 heads cannot split/);
  });

  for (const name of ['mha-full', 'mha-causal']) {
    it(`matches reference ${name}`, () => {
      const c = loadReference(name);
      const out = run(mha, c.params, refTensors(c.inputs), refTensors(c.weights));
      for (const [port, want] of Object.entries(c.outputs)) expectClose(out[port], want, c.tolerance);
    });
  }

  it('head i is an attention head on columns i·D/h … (i+1)·D/h, and weights are its maps', () => {
    const [h, d, dh] = [2, 6, 3];
    const random = randomWeights(infer(mha, { heads: h }, { q: float([1, 4, d]) }).weights, 5);
    // Zero input biases so each head is exactly a bias-free attention-head on its column slice.
    const wts: Record<string, tf.Tensor> = { ...random, bq: tf.zeros([d]), bk: tf.zeros([d]), bv: tf.zeros([d]) };
    const q = tf.randomNormal([1, 4, d], 0, 1, 'float32', 8);
    const kv = tf.randomNormal([1, 5, d], 0, 1, 'float32', 9);
    const out = run(mha, { heads: h, causal: true }, { q, kv }, wts);
    const heads = [0, 1].map((i) => {
      const cols = (m: tf.Tensor) => tf.slice(m, [0, i * dh], [d, dh]);
      return run(attentionHead, { dHead: dh, causal: true }, { q, kv }, { wq: cols(wts.wq), wk: cols(wts.wk), wv: cols(wts.wv) });
    });
    const merged = tf.concat(heads.map((x) => x.y), 2);
    expect(maxDiff(out.y, linear(merged, wts.wo, wts.bo))).toBeLessThan(1e-5);
    expect(out.weights.shape).toEqual([1, 2, 4, 5]);
    for (let i = 0; i < h; i++)
      expect(maxDiff(tf.squeeze(tf.slice(out.weights, [0, i, 0, 0], [1, 1, 4, 5]), [1]), heads[i].weights)).toBeLessThan(1e-6);
    expect((out.weights.arraySync() as number[][][][])[0][0][0][4]).toBe(0); // masked: exactly zero
  });

  it('with a KV cache, a prompt then one token at a time equals the full causal forward', () => {
    const raw = { heads: 2, causal: true };
    const wts = randomWeights(infer(mha, raw, { q: float([2, 5, 8]) }).weights, 3);
    const x = tf.randomNormal([2, 5, 8], 0, 1, 'float32', 21);
    const full = run(mha, raw, { q: x }, wts).y;
    const cache = memoryCache();
    const parts = [run(mha, raw, { q: tf.slice(x, [0, 0, 0], [2, 2, 8]) }, wts, { cache }).y];
    for (let t = 2; t < 5; t++) {
      cache.offset = t;
      parts.push(run(mha, raw, { q: tf.slice(x, [0, t, 0], [2, 1, 8]) }, wts, { cache }).y);
    }
    expect(cache.store.get('keys')!.shape).toEqual([2, 2, 5, 4]);
    expect(maxDiff(tf.concat(parts, 1), full)).toBeLessThan(1e-5);
  });

  it('autodiff gradients match finite differences', () => {
    const wts = randomWeights(infer(mha, { heads: 2 }, { q: float([2, 3, 4]) }).weights, 2);
    const q = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 6);
    const kv = tf.randomNormal([2, 4, 4], 0, 1, 'float32', 7);
    expect(gradCheck(mha, { heads: 2, causal: true }, { q }, wts)).toBeLessThan(2e-2);
    expect(gradCheck(mha, { heads: 2, causal: true }, { q, kv }, wts, { coords: 3 })).toBeLessThan(2e-2);
  });

  it('has a formula KaTeX can render', () => {
    expect(() => katex.renderToString(mha.formula, { throwOnError: true })).not.toThrow();
  });
});
