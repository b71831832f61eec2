import { beforeAll, describe, expect, it } from 'vitest';
import dense from './dense';
import { float } from './api';
import { expectClose, gradCheck, infer, loadReference, randomWeights, refTensors, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

describe('dense', () => {
  it('infers [..., units] and sizes its kernel from the input width', () => {
    const r = infer(dense, { units: 7 }, { x: float(['B', 3, 5]) });
    expect(r.outputs.y.shape).toEqual(['B', 3, 7]);
    expect(r.weights.kernel.shape).toEqual([5, 7]);
    expect(r.weights.bias.shape).toEqual([7]);
  });

  it('names node, port and both sizes when a kernel input disagrees', () => {
    expect(() => infer(dense, { units: 7 }, { x: float([2, 5]), kernel: float([4, 7]) }, 'd1')).toThrow(
      'dense "d1": input kernel has in=4 but input x expects in=5',
    );
  });

  it('refuses a missing input', () => {
    expect(() => infer(dense, {}, {})).toThrow(/required input x is not connected/);
  });

  it('uses the kernel input instead of its own weight', () => {
    const x = tf.tensor2d([[1, 2]]);
    const k = tf.tensor2d([[1, 0], [0, 1]]);
    const y = run(dense, { units: 2, bias: false }, { x, kernel: k }, {}).y;
    expect(Array.from(y.dataSync())).toEqual([1, 2]);
  });

  for (const name of ['dense-linear', 'dense-relu']) {
    it(`matches the reference case ${name}`, () => {
      const c = loadReference(name);
      expectClose(run(dense, c.params, refTensors(c.inputs), refTensors(c.weights)).y, c.outputs.y, c.tolerance);
    });
  }

  it('autodiff gradients match finite differences', () => {
    const spec = infer(dense, { units: 4, activation: 'tanh' }, { x: float([2, 3, 5]) });
    const w = randomWeights(spec.weights);
    const x = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 3);
    expect(gradCheck(dense, { units: 4, activation: 'tanh' }, { x }, w)).toBeLessThan(2e-2);
  });
});
