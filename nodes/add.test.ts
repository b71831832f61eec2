import { beforeAll, describe, expect, it } from 'vitest';
import add from './add';
import { float, int } from './api';
import { gradCheck, infer, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

describe('add', () => {
  it('infers the common shape, keeping the known sizes', () => {
    expect(infer(add, {}, { a: float(['B', 'T', 8]), b: float([4, 'T', 8]) }).outputs.y).toEqual(float([4, 'T', 8]));
    expect(add.incremental).toBe('positionwise');
  });

  it('names the port, the axis and both sizes on a mismatch', () => {
    expect(() => infer(add, {}, { a: float(['B', 'T', 8]), b: float(['B', 'T', 6]) }, 'r')).toThrow(
      'add "r": input b has axis 2=6 but input a expects axis 2=8',
    );
    expect(() => infer(add, {}, { a: float(['B', 'T', 8]), b: float([8]) })).toThrow(
      /input b has shape \[8\] but input a has shape \[B, T, 8\]; add needs one shape/,
    );
    expect(() => infer(add, {}, { a: int(['B', 'T']), b: float(['B', 'T']) })).toThrow(/add sums float activations/);
  });

  it('adds elementwise', () => {
    const y = run(add, {}, { a: tf.tensor1d([1, 2]), b: tf.tensor1d([10, 20]) }, {}).y;
    expect(Array.from(y.dataSync())).toEqual([11, 22]);
  });

  it('autodiff gradients match finite differences', () => {
    const a = tf.randomNormal([2, 3], 0, 1, 'float32', 1);
    const b = tf.randomNormal([2, 3], 0, 1, 'float32', 2);
    expect(gradCheck(add, {}, { a, b }, {})).toBeLessThan(1e-2);
  });
});
