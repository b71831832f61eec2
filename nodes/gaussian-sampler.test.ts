import { beforeAll, describe, expect, it } from 'vitest';
import sampler from './gaussian-sampler';
import { float } from './api';
import { expectClose, fixedNoise, gradCheck, infer, loadReference, refTensor, refTensors, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

const ref = loadReference('gaussian-sampler');

describe('gaussian-sampler', () => {
  it('infers z like mu and a scalar kl', () => {
    const r = infer(sampler, {}, { mu: float(['B', 8]), logVar: float([16, 8]) });
    expect(r.outputs).toEqual({ z: float([16, 8]), kl: float([]) });
    expect(r.weights).toEqual({});
  });

  it('names both ports and the size when mu and logVar disagree', () => {
    expect(() => infer(sampler, {}, { mu: float(['B', 8]), logVar: float(['B', 6]) }, 's1')).toThrow(
      'gaussian-sampler "s1": input logVar has axis 1=6 but input mu expects axis 1=8',
    );
    expect(() => infer(sampler, {}, { mu: float(['B', 8]), logVar: float(['B', 8, 2]) })).toThrow(/logVar has rank 3 but input mu has rank 2/);
    expect(() => infer(sampler, {}, { mu: float([8]), logVar: float([8]) })).toThrow(/input mu must have rank 2–4/);
    expect(() => infer(sampler, {}, { mu: float([2, 8]) })).toThrow(/required input logVar is not connected/);
  });

  it('matches the reference case (its noise as ε)', () => {
    const noise = fixedNoise({ eps: refTensor(ref.noise.eps) });
    const out = run(sampler, ref.params, refTensors(ref.inputs), {}, { noise });
    expectClose(out.z, ref.outputs.z, ref.tolerance);
    expectClose(out.kl, ref.outputs.kl, ref.tolerance);
  });

  it('mode mean returns mu at inference but still samples in training', () => {
    const mu = refTensor(ref.inputs.mu);
    const logVar = refTensor(ref.inputs.logVar);
    const noise = () => fixedNoise({ eps: refTensor(ref.noise.eps) });
    const atInference = run(sampler, { mode: 'mean' }, { mu, logVar }, {}, { noise: noise() });
    expect(Array.from(atInference.z.dataSync())).toEqual(Array.from(mu.dataSync()));
    expectClose(atInference.kl, ref.outputs.kl, ref.tolerance);
    const inTraining = run(sampler, { mode: 'mean' }, { mu, logVar }, {}, { noise: noise(), training: true });
    expectClose(inTraining.z, ref.outputs.z, ref.tolerance);
  });

  it('kl is zero for the standard normal and sums over Z, averages over B', () => {
    const zero = run(sampler, {}, { mu: tf.zeros([3, 5]), logVar: tf.zeros([3, 5]) }, {}).kl;
    expect(zero.dataSync()[0]).toBeCloseTo(0, 7);
    // Row 0: mu = 1 in both of 2 dims → 0.5 each → 1; row 1: zero. Batch mean 0.5.
    const kl = run(sampler, {}, { mu: tf.tensor2d([[1, 1], [0, 0]]), logVar: tf.zeros([2, 2]) }, {}).kl;
    expect(kl.dataSync()[0]).toBeCloseTo(0.5, 6);
  });

  it('autodiff gradients match finite differences for z and kl', () => {
    const inputs = refTensors(ref.inputs);
    const noise = () => fixedNoise({ eps: refTensor(ref.noise.eps) });
    expect(gradCheck(sampler, {}, inputs, {}, { output: 'z', noise })).toBeLessThan(2e-2);
    expect(gradCheck(sampler, {}, inputs, {}, { output: 'kl', noise })).toBeLessThan(2e-2);
  });
});
