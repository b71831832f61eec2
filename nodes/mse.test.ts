import { beforeAll, describe, expect, it } from 'vitest';
import mse from './mse';
import { float } from './api';
import { gradCheck, infer, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

describe('mse', () => {
  it('infers a scalar loss port', () => {
    expect(infer(mse, {}, { prediction: float(['B', 1]), target: float([16, 1]) }).outputs).toEqual({ loss: float([]) });
    expect(mse.lossPorts).toEqual(['loss']);
  });

  it('names the port, the axis and both sizes when shapes disagree', () => {
    expect(() => infer(mse, {}, { prediction: float(['B', 2]), target: float(['B', 1]) }, 'm1')).toThrow(
      'mse "m1": input target has axis 1=1 but input prediction expects axis 1=2',
    );
    expect(() => infer(mse, {}, { prediction: float(['B', 1]), target: float(['B']) })).toThrow(
      /input target has shape \[B\] but input prediction has shape \[B, 1\]/,
    );
    expect(() => infer(mse, {}, { prediction: float([2]) })).toThrow(/required input target is not connected/);
  });

  it('is the mean of squared differences, with integer targets compared as floats', () => {
    const loss = run(mse, {}, { prediction: tf.tensor2d([[1, 2], [3, 4]]), target: tf.tensor2d([[1, 0], [0, 4]], undefined, 'int32') }, {}).loss;
    expect(loss.shape).toEqual([]);
    expect(loss.dataSync()[0]).toBeCloseTo((0 + 4 + 9 + 0) / 4, 6);
  });

  it('autodiff gradients match finite differences', () => {
    const prediction = tf.randomNormal([3, 4], 0, 1, 'float32', 1);
    const target = tf.randomNormal([3, 4], 0, 1, 'float32', 2);
    expect(gradCheck(mse, {}, { prediction, target }, {})).toBeLessThan(1e-2);
  });
});
