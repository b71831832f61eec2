import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import positionalEncoding from './positional-encoding';
import { float, int } from './api';
import { expectClose, gradCheck, infer, loadReference, maxDiff, memoryCache, randomWeights, refTensors, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

/** Forward of new steps x at generation position `offset` (a positionwise node keeps no state). */
const forwardAt = (offset: number, raw: Record<string, unknown>, x: tf.Tensor, weights: Record<string, tf.Tensor>) =>
  run(positionalEncoding, raw, { x }, weights, { cache: memoryCache(offset) }).y;

describe('positional-encoding', () => {
  it('keeps the shape; only the learned kind owns a [maxLength, D] table', () => {
    const sin = infer(positionalEncoding, {}, { x: float(['B', 'T', 16]) });
    expect(sin.outputs.y.shape).toEqual(['B', 'T', 16]);
    expect(sin.weights).toEqual({});
    const learned = infer(positionalEncoding, { kind: 'learned', maxLength: 32 }, { x: float(['B', 'T', 16]) });
    expect(learned.weights.table.shape).toEqual([32, 16]);
  });

  it('refuses sequences longer than the learned table, and non-float or wrong-rank input', () => {
    expect(() => infer(positionalEncoding, { kind: 'learned', maxLength: 8 }, { x: float(['B', 9, 4]) }, 'pe1')).toThrow(
      'positional-encoding "pe1": input x has T=9 but the learned table holds maxLength=8 positions',
    );
    expect(() => infer(positionalEncoding, { kind: 'learned' }, { x: float(['B', 'T', 'D']) })).toThrow(/needs a known D/);
    expect(() => infer(positionalEncoding, {}, { x: int([2, 9, 4]) })).toThrow(/integer token ids/);
    expect(() => infer(positionalEncoding, {}, { x: float([9, 4]) })).toThrow(/rank 3/);
    // A symbolic T is only known at run time: forward refuses it there.
    const table = tf.zeros([8, 4]);
    expect(() => run(positionalEncoding, { kind: 'learned', maxLength: 8 }, { x: tf.zeros([1, 9, 4]) }, { table })).toThrow(
      /positions 0…8 go past the learned table \(maxLength=8\)/,
    );
    expect(() => forwardAt(7, { kind: 'learned', maxLength: 8 }, tf.zeros([1, 2, 4]), { table })).toThrow(/positions 7…8/);
  });

  for (const name of ['pe-small', 'pe-d512']) {
    it(`matches reference ${name}`, () => {
      const c = loadReference(name);
      const out = run(positionalEncoding, c.params, refTensors(c.inputs), refTensors(c.weights));
      expectClose(out.y, c.outputs.y, c.tolerance);
    });
  }

  it('handles an odd width (the last column is a sine)', () => {
    const y = run(positionalEncoding, {}, { x: tf.zeros([1, 3, 5]) }, {}).y.arraySync() as number[][][];
    expect(y[0][2][4]).toBeCloseTo(Math.sin(2 / Math.pow(10000, 4 / 5)), 6);
    expect(y[0][2][3]).toBeCloseTo(Math.cos(2 / Math.pow(10000, 2 / 5)), 6);
  });

  it('in incremental generation, new steps get the positions from the cache offset', () => {
    for (const raw of [{}, { kind: 'learned', maxLength: 10 }]) {
      const w = randomWeights(infer(positionalEncoding, raw, { x: float([2, 6, 4]) }).weights);
      const x = tf.randomNormal([2, 6, 4], 0, 1, 'float32', 1);
      const full = run(positionalEncoding, raw, { x }, w).y;
      const steps = [0, 1, 2, 3, 4, 5].map((t) => forwardAt(t, raw, tf.slice(x, [0, t, 0], [2, 1, 4]), w));
      expect(maxDiff(tf.concat(steps, 1), full)).toBeLessThan(1e-6);
    }
  });

  it('autodiff gradients match finite differences (learned table and input)', () => {
    const raw = { kind: 'learned', maxLength: 6 };
    const w = randomWeights(infer(positionalEncoding, raw, { x: float([2, 4, 3]) }).weights);
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 2);
    expect(gradCheck(positionalEncoding, raw, { x }, w)).toBeLessThan(1e-2);
  });

  it('has a formula KaTeX can render', () => {
    expect(() => katex.renderToString(positionalEncoding.formula, { throwOnError: true })).not.toThrow();
  });
});
