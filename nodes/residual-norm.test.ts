import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import residualNorm from './residual-norm';
import { float } from './api';
import { expectClose, gradCheck, infer, loadReference, randomWeights, refTensors, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

describe('residual-norm', () => {
  it('keeps the shape, owns gamma/beta only with norm on, and fills in known sizes', () => {
    const r = infer(residualNorm, {}, { x: float(['B', 'T', 8]), fx: float([2, 'T', 8]) });
    expect(r.outputs.y.shape).toEqual([2, 'T', 8]);
    expect(r.weights.gamma.shape).toEqual([8]);
    expect(r.weights.beta.shape).toEqual([8]);
    expect(infer(residualNorm, { norm: false }, { x: float(['B', 'T', 8]), fx: float(['B', 'T', 8]) }).weights).toEqual({});
  });

  it('names the port and both sizes when x and fx disagree', () => {
    expect(() => infer(residualNorm, {}, { x: float([2, 5, 8]), fx: float([2, 5, 6]) }, 'r1')).toThrow(
      'residual-norm "r1": input fx has D=6 but input x expects D=8',
    );
    expect(() => infer(residualNorm, {}, { x: float([2, 5, 8]), fx: float([2, 4, 8]) })).toThrow(/input fx has T=4 but input x expects T=5/);
    expect(() => infer(residualNorm, {}, { x: float([2, 5, 8]), fx: float([5, 8]) })).toThrow(/input fx must have rank 3 \[B, T, D\]/);
    expect(() => infer(residualNorm, {}, { x: float([2, 5, 8]) })).toThrow(/required input fx is not connected/);
  });

  it('matches reference residual-norm', () => {
    const c = loadReference('residual-norm');
    expectClose(run(residualNorm, c.params, refTensors(c.inputs), refTensors(c.weights)).y, c.outputs.y, c.tolerance);
  });

  it('with norm off is the plain sum', () => {
    const x = tf.tensor2d([[1, 2, 3]]);
    const fx = tf.tensor2d([[10, 20, 30]]);
    expect(Array.from(run(residualNorm, { norm: false }, { x, fx }, {}).y.dataSync())).toEqual([11, 22, 33]);
  });

  it('autodiff gradients match finite differences', () => {
    const w = randomWeights(infer(residualNorm, {}, { x: float([2, 3, 6]), fx: float([2, 3, 6]) }).weights);
    const x = tf.randomNormal([2, 3, 6], 0, 1, 'float32', 2);
    const fx = tf.randomNormal([2, 3, 6], 0, 1, 'float32', 3);
    expect(gradCheck(residualNorm, {}, { x, fx }, w)).toBeLessThan(2e-2);
  });

  it('has a formula KaTeX can render', () => {
    expect(() => katex.renderToString(residualNorm.formula, { throwOnError: true })).not.toThrow();
  });
});
