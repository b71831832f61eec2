import { beforeAll, describe, expect, it } from 'vitest';
import activation from './activation';
import { float, int } from './api';
import { gradCheck, infer, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

const at = (fn: string, xs: number[]) => Array.from(run(activation, { activation: fn }, { x: tf.tensor1d(xs) }, {}).y.dataSync());

describe('activation', () => {
  it('keeps the shape and refuses token ids or an unknown function', () => {
    expect(infer(activation, {}, { x: float(['B', 'T', 8]) }).outputs.y).toEqual(float(['B', 'T', 8]));
    expect(() => infer(activation, {}, { x: int(['B', 'T']) }, 'a1')).toThrow('activation "a1": input x must hold float activations');
    expect(() => infer(activation, { activation: 'linear' }, { x: float([2]) })).toThrow(/must be one of relu, gelu, tanh, sigmoid, softmax/);
  });

  it('computes each function', () => {
    expect(at('relu', [-1, 0, 2])).toEqual([0, 0, 2]);
    // Exact erf GELU: gelu(1) = 0.5·(1 + erf(1/√2)) = 0.841345.
    expect(at('gelu', [1])[0]).toBeCloseTo(0.841345, 5);
    expect(at('tanh', [0.5])[0]).toBeCloseTo(Math.tanh(0.5), 6);
    expect(at('sigmoid', [0])[0]).toBeCloseTo(0.5, 7);
    const sm = run(activation, { activation: 'softmax' }, { x: tf.tensor2d([[0, Math.log(3)], [5, 5]]) }, {}).y.arraySync() as number[][];
    expect(sm[0][0]).toBeCloseTo(0.25, 6);
    expect(sm[0][1]).toBeCloseTo(0.75, 6);
    expect(sm[1][0]).toBeCloseTo(0.5, 6);
  });

  for (const fn of ['relu', 'gelu', 'tanh', 'sigmoid', 'softmax']) {
    it(`${fn}: autodiff gradients match finite differences`, () => {
      // Away from relu's kink at 0, where a finite difference is not a derivative.
      const x = tf.tensor2d([[-1.3, 0.4, 2.1], [0.7, -0.2, -2.5]]);
      expect(gradCheck(activation, { activation: fn }, { x }, {}, { h: 1e-2 })).toBeLessThan(2e-2);
    });
  }
});
