import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import linearAttention from './linear-attention';
import { float } from './api';
import { expectClose, gradCheck, infer, loadReference, maxDiff, memoryCache, randomWeights, refTensors, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

/** The definition of NODES.md written out per query, on the host, as an independent check. */
function byDefinition(q: tf.Tensor, kv: tf.Tensor, w: Record<string, tf.Tensor>, causal: boolean): number[][][] {
  const phi = (x: number) => (x > 0 ? x + 1 : Math.exp(x));
  const proj = (x: tf.Tensor, m: tf.Tensor) => tf.matMul(x, tf.tile(tf.expandDims(m, 0), [x.shape[0], 1, 1])).arraySync() as number[][][];
  const Q = proj(q, w.wq).map((b) => b.map((r) => r.map(phi)));
  const K = proj(kv, w.wk).map((b) => b.map((r) => r.map(phi)));
  const V = proj(kv, w.wv);
  const shift = K[0].length - Q[0].length;
  return Q.map((qb, b) => qb.map((qi, i) => {
    const num = new Array(V[b][0].length).fill(0);
    let den = 0;
    K[b].forEach((kj, j) => {
      if (causal && j > i + shift) return;
      const s = kj.reduce((acc, x, c) => acc + x * qi[c], 0);
      den += s;
      V[b][j].forEach((x, c) => (num[c] += s * x));
    });
    return num.map((x) => x / den);
  }));
}

describe('linear-attention', () => {
  it('infers y [B,Tq,dHead] and [D,dHead] projections', () => {
    const r = infer(linearAttention, { dHead: 4 }, { q: float(['B', 'T', 8]), kv: float(['B', 'S', 8]) });
    expect(r.outputs.y.shape).toEqual(['B', 'T', 4]);
    expect(r.weights.wv.shape).toEqual([8, 4]);
    expect(() => infer(linearAttention, {}, { q: float([2, 3, 8]), kv: float([2, 3, 5]) }, 'l1')).toThrow(
      'linear-attention "l1": input kv has D=5 but input q expects D=8',
    );
    expect(() => infer(linearAttention, { causal: true }, { q: float([2, 4, 8]), kv: float([2, 3, 8]) })).toThrow(/Tq=4 and Tk=3/);
    expect(() => infer(linearAttention, {}, { q: float([2, 8]) })).toThrow(/rank 3/);
  });

  it('matches reference linear-attention', () => {
    const c = loadReference('linear-attention');
    const out = run(linearAttention, c.params, refTensors(c.inputs), refTensors(c.weights));
    expectClose(out.y, c.outputs.y, c.tolerance);
  });

  it('matches the per-query definition, causal and not, self and cross', () => {
    const w = randomWeights(infer(linearAttention, { dHead: 3 }, { q: float([2, 4, 5]) }).weights, 4);
    const q = tf.randomNormal([2, 4, 5], 0, 1, 'float32', 1);
    const kv = tf.randomNormal([2, 6, 5], 0, 1, 'float32', 2);
    for (const causal of [false, true]) {
      for (const inputs of [{ q }, { q, kv }]) {
        const got = run(linearAttention, { dHead: 3, causal }, inputs, w).y;
        expect(maxDiff(got, tf.tensor(byDefinition(q, inputs.kv ?? q, w, causal)))).toBeLessThan(1e-5);
      }
    }
  });

  it('the recurrent form fed one token at a time gives the numbers of the parallel causal form', () => {
    const raw = { dHead: 4, causal: true };
    const w = randomWeights(infer(linearAttention, raw, { q: float([2, 7, 8]) }).weights, 9);
    const x = tf.randomNormal([2, 7, 8], 0, 1, 'float32', 13);
    const parallel = run(linearAttention, raw, { q: x }, w).y;
    const cache = memoryCache();
    const steps: tf.Tensor[] = [];
    for (let t = 0; t < 7; t++) {
      cache.offset = t;
      steps.push(run(linearAttention, raw, { q: tf.slice(x, [0, t, 0], [2, 1, 8]) }, w, { cache }).y);
      // Constant-size state: the cost of the next token does not grow with t.
      expect(cache.store.get('W')!.shape).toEqual([2, 4, 4]);
      expect(cache.store.get('z')!.shape).toEqual([2, 4]);
    }
    expect(maxDiff(tf.concat(steps, 1), parallel)).toBeLessThan(1e-5);

    // A prompt block first, then single tokens, gives the same numbers too.
    const chunked = memoryCache();
    const parts = [run(linearAttention, raw, { q: tf.slice(x, [0, 0, 0], [2, 4, 8]) }, w, { cache: chunked }).y];
    for (let t = 4; t < 7; t++) {
      chunked.offset = t;
      parts.push(run(linearAttention, raw, { q: tf.slice(x, [0, t, 0], [2, 1, 8]) }, w, { cache: chunked }).y);
    }
    expect(maxDiff(tf.concat(parts, 1), parallel)).toBeLessThan(1e-5);
  });

  it('refuses to continue generation without its state', () => {
    const w = randomWeights(infer(linearAttention, { dHead: 2 }, { q: float([1, 1, 3]) }).weights);
    const cache = memoryCache(3);
    expect(() => run(linearAttention, { dHead: 2, causal: true }, { q: tf.ones([1, 1, 3]) }, w, { cache })).toThrow(
      /step 3 but the recurrent state \(W, z\) is missing/,
    );
  });

  it('autodiff gradients match finite differences (causal and non-causal)', () => {
    const w = randomWeights(infer(linearAttention, { dHead: 3 }, { q: float([2, 4, 5]) }).weights, 6);
    const q = tf.randomNormal([2, 4, 5], 0, 1, 'float32', 3);
    expect(gradCheck(linearAttention, { dHead: 3, causal: true }, { q }, w)).toBeLessThan(2e-2);
    expect(gradCheck(linearAttention, { dHead: 3, causal: false }, { q }, w)).toBeLessThan(2e-2);
  });

  it('has a formula KaTeX can render', () => {
    expect(() => katex.renderToString(linearAttention.formula, { throwOnError: true })).not.toThrow();
  });
});
