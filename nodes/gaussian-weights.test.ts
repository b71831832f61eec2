import { beforeAll, describe, expect, it } from 'vitest';
import gw from './gaussian-weights';
import { float } from './api';
import { expectClose, fixedNoise, gradCheck, infer, loadReference, refTensor, refTensors, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

const ref = loadReference('gaussian-weights');
const refNoise = () => fixedNoise({ eps: refTensor(ref.noise.eps) });

/** Independent scalar KL(N(m1, s1²) ‖ N(m2, s2²)). */
const kl1 = (m1: number, s1: number, m2: number, s2: number) =>
  Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;

describe('gaussian-weights', () => {
  it('infers w of the param shape and a scalar kl, with trainable mu/rho and a non-trainable prior', () => {
    const r = infer(gw, { shape: [4, 3], priorMu: 0.5, priorSigma: 2 }, {});
    expect(r.outputs).toEqual({ w: float([4, 3]), kl: float([]) });
    expect(r.weights.mu).toMatchObject({ shape: [4, 3] });
    expect(r.weights.mu.trainable).not.toBe(false);
    expect(r.weights.rho).toMatchObject({ shape: [4, 3], init: { constant: -3 } });
    expect(r.weights.priorMu).toEqual({ shape: [4, 3], init: { constant: 0.5 }, trainable: false });
    expect(r.weights.priorSigma).toEqual({ shape: [4, 3], init: { constant: 2 }, trainable: false });
  });

  it('refuses a bad shape or prior σ through its params', () => {
    expect(() => infer(gw, { shape: [4, 0] }, {})).toThrow(/param shape sizes must be whole numbers/);
    expect(() => infer(gw, { shape: [2, 2, 2] }, {})).toThrow(/param shape must have 1 to 2 sizes/);
    expect(() => infer(gw, { priorSigma: 0 }, {})).toThrow(/param priorSigma must be between/);
  });

  it('matches the reference case (prior from the params when the weights carry none)', () => {
    const out = run(gw, ref.params, {}, refTensors(ref.weights), { noise: refNoise() });
    expectClose(out.w, ref.outputs.w, ref.tolerance);
    expectClose(out.kl, ref.outputs.kl, ref.tolerance);
  });

  it('reads the per-weight prior state when present, over the params', () => {
    const mu = refTensor(ref.weights.mu);
    const rho = refTensor(ref.weights.rho);
    // Same numbers as the params → same result as the reference.
    const sameAsParams = run(gw, ref.params, {}, { mu, rho, priorMu: tf.zeros([4, 3]), priorSigma: tf.ones([4, 3]) }, { noise: refNoise() });
    expectClose(sameAsParams.kl, ref.outputs.kl, ref.tolerance);
    // Posterior becomes the new prior → KL 0, whatever the params say.
    const sigma = tf.softplus(rho);
    const adopted = run(gw, { ...ref.params, priorMu: 3, priorSigma: 5 }, {}, { mu, rho, priorMu: mu, priorSigma: sigma }, { noise: refNoise() });
    expect(adopted.kl.dataSync()[0]).toBeCloseTo(0, 4);
    // A per-weight prior that differs per element, checked against scalar formulas.
    const pm = tf.reshape(tf.linspace(-1, 1, 12), [4, 3]);
    const ps = tf.reshape(tf.linspace(0.5, 2, 12), [4, 3]);
    const got = run(gw, ref.params, {}, { mu, rho, priorMu: pm, priorSigma: ps }, { noise: refNoise() }).kl.dataSync()[0];
    const [m, s, a, b] = [mu, sigma, pm, ps].map((x) => x.dataSync());
    const want = Array.from(m).reduce((acc, _, i) => acc + kl1(m[i], s[i], a[i], b[i]), 0);
    expect(got).toBeCloseTo(want, 3);
  });

  it('draws fresh noise on every forward pass, also at inference', () => {
    const w = { mu: tf.zeros([2, 2]), rho: tf.zeros([2, 2]) };
    const noise = fixedNoise({}, 3);
    const a = run(gw, { shape: [2, 2] }, {}, w, { noise }).w.dataSync();
    const b = run(gw, { shape: [2, 2] }, {}, w, { noise }).w.dataSync();
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });

  it('autodiff gradients match finite differences for w and kl', () => {
    const posterior = refTensors(ref.weights);
    expect(gradCheck(gw, ref.params, {}, posterior, { output: 'w', noise: refNoise })).toBeLessThan(2e-2);
    // The prior state is not trained, but kl is smooth in it too (checked so a bug there shows).
    const withPrior = { ...posterior, priorMu: tf.fill([4, 3], 0.2), priorSigma: tf.fill([4, 3], 0.7) };
    expect(gradCheck(gw, ref.params, {}, withPrior, { output: 'kl', noise: refNoise })).toBeLessThan(2e-2);
  });
});
