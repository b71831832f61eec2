import { beforeAll, describe, expect, it } from 'vitest';
import bce from './bce';
import { float } from './api';
import { gradCheck, infer, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

const bceOf = (p: number[], y: number[]) =>
  run(bce, {}, { prediction: tf.tensor1d(p), target: tf.tensor1d(y) }, {}).loss.dataSync()[0];

describe('bce', () => {
  it('infers a scalar loss port', () => {
    expect(infer(bce, {}, { prediction: float(['B', 784]), target: float(['B', 784]) }).outputs).toEqual({ loss: float([]) });
    expect(bce.lossPorts).toEqual(['loss']);
  });

  it('names the port, the axis and both sizes when shapes disagree', () => {
    expect(() => infer(bce, {}, { prediction: float(['B', 784]), target: float(['B', 64]) }, 'b1')).toThrow(
      'bce "b1": input target has axis 1=64 but input prediction expects axis 1=784',
    );
    expect(() => infer(bce, {}, { prediction: float(['B', 1]), target: float(['B', 1, 1]) })).toThrow(/must have one shape/);
  });

  it('is the mean binary cross-entropy, soft targets included', () => {
    const want = -(Math.log(0.9) + Math.log(1 - 0.2) + (0.3 * Math.log(0.6) + 0.7 * Math.log(0.4))) / 3;
    expect(bceOf([0.9, 0.2, 0.6], [1, 0, 0.3])).toBeCloseTo(want, 5);
  });

  it('clips probabilities of exactly 0 and 1 to a finite loss', () => {
    const wrong = bceOf([0, 1], [1, 0]);
    expect(Number.isFinite(wrong)).toBe(true);
    expect(wrong).toBeCloseTo(-Math.log(1e-7), 0);
    expect(bceOf([0, 1], [0, 1])).toBeLessThan(1e-6);
  });

  it('autodiff gradients match finite differences', () => {
    const prediction = tf.sigmoid(tf.randomNormal([3, 4], 0, 1, 'float32', 1));
    const target = tf.randomUniform([3, 4], 0, 1, 'float32', 2);
    expect(gradCheck(bce, {}, { prediction, target }, {}, { h: 1e-3 })).toBeLessThan(2e-2);
  });
});
