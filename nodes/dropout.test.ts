import { beforeAll, describe, expect, it } from 'vitest';
import dropout from './dropout';
import { float, int } from './api';
import { fixedNoise, gradCheck, infer, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

describe('dropout', () => {
  it('keeps the shape and refuses token ids and a rate of 1', () => {
    expect(infer(dropout, {}, { x: float(['B', 'T', 8]) }).outputs.y).toEqual(float(['B', 'T', 8]));
    expect(() => infer(dropout, {}, { x: int(['B', 'T']) })).toThrow(/input x must hold float activations/);
    expect(() => infer(dropout, { rate: 1 }, { x: float([2]) })).toThrow(/param rate must be between 0 and 0.95/);
  });

  it('is the identity when not training', () => {
    const x = tf.tensor1d([1, 2, 3]);
    expect(run(dropout, { rate: 0.5 }, { x }, {}, { training: false }).y.dataSync()).toEqual(x.dataSync());
  });

  it('drops where the mask noise is below the rate and scales the rest by 1/(1−rate)', () => {
    const x = tf.tensor1d([1, 2, 3, 4]);
    const noise = fixedNoise({ mask: tf.tensor1d([0.1, 0.5, 0.24, 0.9]) });
    const y = run(dropout, { rate: 0.25 }, { x }, {}, { training: true, noise }).y;
    Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([0, 2 / 0.75, 0, 4 / 0.75][i], 6));
  });

  it('keeps the mean on average (seeded mask)', () => {
    const y = run(dropout, { rate: 0.3 }, { x: tf.ones([20000]) }, {}, { training: true, noise: fixedNoise({}, 5) }).y;
    const zeros = Array.from(y.dataSync()).filter((v) => v === 0).length / 20000;
    expect(zeros).toBeGreaterThan(0.28);
    expect(zeros).toBeLessThan(0.32);
    expect(tf.mean(y).dataSync()[0]).toBeCloseTo(1, 1);
  });

  it('autodiff gradients match finite differences in training', () => {
    const x = tf.randomNormal([3, 4], 0, 1, 'float32', 1);
    const noise = () => fixedNoise({ mask: tf.randomUniform([3, 4], 0, 1, 'float32', 2) });
    expect(gradCheck(dropout, { rate: 0.4 }, { x }, {}, { noise, training: true })).toBeLessThan(1e-2);
  });
});
