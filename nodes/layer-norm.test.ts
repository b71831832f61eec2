import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import layerNorm from './layer-norm';
import { float, int } from './api';
import { expectClose, gradCheck, infer, loadReference, randomWeights, refTensors, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

describe('layer-norm', () => {
  it('keeps the shape and owns gamma/beta of width D', () => {
    const r = infer(layerNorm, {}, { x: float(['B', 'T', 8]) });
    expect(r.outputs.y.shape).toEqual(['B', 'T', 8]);
    expect(r.weights.gamma).toEqual({ shape: [8], init: 'ones' });
    expect(r.weights.beta).toEqual({ shape: [8], init: 'zeros' });
    expect(() => infer(layerNorm, {}, { x: float(['B', 'T', 'D']) }, 'ln1')).toThrow(
      'layer-norm "ln1": input x needs a known D to size its weights, got D=D',
    );
    expect(() => infer(layerNorm, {}, { x: int([2, 3]) })).toThrow(/integer token ids/);
    expect(() => infer(layerNorm, {}, {})).toThrow(/required input x is not connected/);
  });

  it('matches reference layer-norm', () => {
    const c = loadReference('layer-norm');
    expectClose(run(layerNorm, c.params, refTensors(c.inputs), refTensors(c.weights)).y, c.outputs.y, c.tolerance);
  });

  it('gives mean 0 and (biased) variance 1 per position with unit gamma', () => {
    const x = tf.randomNormal([3, 16], 5, 4, 'float32', 1);
    const y = run(layerNorm, {}, { x }, { gamma: tf.ones([16]), beta: tf.zeros([16]) }).y;
    const { mean, variance } = tf.moments(y, -1);
    mean.dataSync().forEach((m) => expect(m).toBeCloseTo(0, 5));
    variance.dataSync().forEach((v) => expect(v).toBeCloseTo(1, 3));
  });

  it('autodiff gradients match finite differences', () => {
    const w = randomWeights(infer(layerNorm, {}, { x: float([2, 3, 6]) }).weights);
    const x = tf.randomNormal([2, 3, 6], 0, 1, 'float32', 2);
    expect(gradCheck(layerNorm, {}, { x }, w)).toBeLessThan(2e-2);
  });

  it('has a formula KaTeX can render', () => {
    expect(() => katex.renderToString(layerNorm.formula, { throwOnError: true })).not.toThrow();
  });
});
