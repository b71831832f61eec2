import fs from 'node:fs';
import path from 'node:path';
import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import layerNorm from './layer-norm';
import { float, int } from './api';
import { gradCheck, infer, randomWeights, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

type RefTensor = { shape: number[]; data: number[] };
type RefCase = {
  params: Record<string, unknown>;
  inputs: Record<string, RefTensor>;
  weights: Record<string, RefTensor>;
  outputs: Record<string, RefTensor>;
  tolerance: { atol: number; rtol: number };
};
const loadCase = (name: string): RefCase =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../shared/reference', `${name}.json`), 'utf8'));
const toTensors = (m: Record<string, RefTensor>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));

function expectClose(got: tf.Tensor, want: RefTensor, tol: { atol: number; rtol: number }): void {
  expect(got.shape).toEqual(want.shape);
  const g = got.dataSync();
  const bad = want.data.findIndex((w, i) => !(Math.abs(g[i] - w) <= tol.atol + tol.rtol * Math.abs(w)));
  expect(bad, bad < 0 ? '' : `element ${bad}: got ${g[bad]}, want ${want.data[bad]}`).toBe(-1);
}

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
    const c = loadCase('layer-norm');
    expectClose(run(layerNorm, c.params, toTensors(c.inputs), toTensors(c.weights)).y, c.outputs.y, c.tolerance);
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
