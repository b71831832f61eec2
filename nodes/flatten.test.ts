import { beforeAll, describe, expect, it } from 'vitest';
import flatten from './flatten';
import { float, int } from './api';
import { gradCheck, infer, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

describe('flatten', () => {
  it('keeps the first axis and multiplies the rest, symbolically when needed', () => {
    expect(infer(flatten, {}, { x: float(['B', 8, 8]) }).outputs.y).toEqual(float(['B', 64]));
    expect(infer(flatten, {}, { x: float(['B', 'T', 8]) }).outputs.y).toEqual(float(['B', 'T·8']));
    expect(infer(flatten, {}, { x: float(['B', 'T']) }).outputs.y).toEqual(float(['B', 'T']));
    expect(infer(flatten, {}, { x: float(['B']) }).outputs.y).toEqual(float(['B', 1]));
    expect(infer(flatten, {}, { x: int([4, 2, 3], 7) }).outputs.y).toEqual(int([4, 6], 7));
  });

  it('refuses a scalar', () => {
    expect(() => infer(flatten, {}, { x: float([]) }, 'f1')).toThrow('flatten "f1": input x must have rank 1–6 [B, ...], got shape []');
  });

  it('flattens row-major', () => {
    const y = run(flatten, {}, { x: tf.tensor3d([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]) }, {}).y;
    expect(y.arraySync()).toEqual([[1, 2, 3, 4], [5, 6, 7, 8]]);
    expect(run(flatten, {}, { x: tf.tensor1d([1, 2]) }, {}).y.shape).toEqual([2, 1]);
  });

  it('autodiff gradients match finite differences', () => {
    const x = tf.randomNormal([2, 3, 2], 0, 1, 'float32', 1);
    expect(gradCheck(flatten, {}, { x }, {})).toBeLessThan(1e-2);
  });
});
