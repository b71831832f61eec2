// Test-only helpers shared by the node tests: run one node on given tensors, check shapes,
// compare autodiff gradients with central finite differences, and check outputs against the
// reference cases in shared/reference.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { tf } from './tf';
export { tf };
import '@tensorflow/tfjs-backend-cpu';
import type { NodeDef, NoiseSource, ParamValues, StepCache, TensorInfo, WeightSpec } from './api';
import { inferNode } from './infer-ctx';
import { resolveParams } from './params';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

export function params<P extends ParamValues>(def: NodeDef<P>, raw: Record<string, unknown> = {}): P {
  const { params, problems } = resolveParams(def.params, raw);
  if (problems.length) throw new Error(problems.map((x) => x.message).join('; '));
  return params as P;
}

export function infer<P extends ParamValues>(
  def: NodeDef<P>,
  raw: Record<string, unknown>,
  inputs: Record<string, TensorInfo | undefined>,
  nodeId = 'n1',
): { outputs: Record<string, TensorInfo>; weights: Record<string, WeightSpec> } {
  return inferNode(def, nodeId, params(def, raw), inputs);
}

/** Noise from a seeded tfjs generator, or from fixed tensors by key. */
export function fixedNoise(fixed: Record<string, tf.Tensor> = {}, seed = 7): NoiseSource {
  let s = seed;
  return {
    normal: (key, shape) => fixed[key] ? fixed[key].clone() : tf.randomNormal(shape, 0, 1, 'float32', s++),
    uniform: (key, shape) => fixed[key] ? fixed[key].clone() : tf.randomUniform(shape, 0, 1, 'float32', s++),
  };
}

/** Random weights of the inferred shapes (seeded), for tests. */
export function randomWeights(specs: Record<string, WeightSpec>, seed = 1, std = 0.5): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  let s = seed;
  for (const [name, w] of Object.entries(specs)) out[name] = tf.randomNormal(w.shape, 0, std, 'float32', s++);
  return out;
}

export function run<P extends ParamValues>(
  def: NodeDef<P>,
  raw: Record<string, unknown>,
  inputs: Record<string, tf.Tensor | undefined>,
  weights: Record<string, tf.Tensor>,
  opts: { training?: boolean; noise?: NoiseSource; step?: number; cache?: StepCache } = {},
): Record<string, tf.Tensor> {
  return def.forward({
    nodeId: 'n1',
    params: params(def, raw),
    inputs,
    weights,
    training: opts.training ?? false,
    noise: opts.noise ?? fixedNoise(),
    step: opts.step ?? 0,
    cache: opts.cache,
  });
}

/**
 * A StepCache backed by a Map, as the runtime holds it across generation steps: set the
 * offset before each step; `store` lets a test look at what the node kept.
 */
export function memoryCache(offset = 0): StepCache & { store: Map<string, tf.Tensor> } {
  const store = new Map<string, tf.Tensor>();
  return { offset, store, get: (k) => store.get(k), set: (k, t) => void store.set(k, tf.keep(t)) };
}

/** The largest absolute elementwise difference of two tensors. */
export const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];

// ---------- reference cases (format: shared/reference/README.md) ----------

export type RefTensor = { shape: number[]; data: number[]; dtype?: 'int32' };
export type Tolerance = { atol: number; rtol: number };
export type RefCase = {
  params: Record<string, unknown>;
  inputs: Record<string, RefTensor>;
  weights: Record<string, RefTensor>;
  /** Fixed noise by key; empty for nodes that draw none. */
  noise: Record<string, RefTensor>;
  outputs: Record<string, RefTensor>;
  tolerance: Tolerance;
};

/** Reads shared/reference/<name>.json; T is RefCase unless the case has another layout (beam-decoder). */
export function loadReference<T = RefCase>(name: string): T {
  const json = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../shared/reference', `${name}.json`), 'utf8'));
  return { noise: {}, ...json };
}

/** One reference tensor, int32 where the case marks it so. */
export const refTensor = (t: RefTensor): tf.Tensor => tf.tensor(t.data, t.shape, t.dtype ?? 'float32');

/** Reference tensors by name (inputs, weights or noise of a case). */
export const refTensors = (m: Record<string, RefTensor>): Record<string, tf.Tensor> =>
  Object.fromEntries(Object.entries(m).map(([k, t]) => [k, refTensor(t)]));

/** Same shape, and every element within |got − want| ≤ atol + rtol·|want|; names the first that is not. */
export function expectClose(got: tf.Tensor, want: RefTensor, tol: Tolerance): void {
  expect(got.shape).toEqual(want.shape);
  const g = got.dataSync();
  const bad = want.data.findIndex((w, i) => !(Math.abs(g[i] - w) <= tol.atol + tol.rtol * Math.abs(w)));
  expect(bad, bad < 0 ? '' : `element ${bad}: got ${g[bad]}, want ${want.data[bad]}`).toBe(-1);
}

/**
 * Compares d(sum(out·R))/dθ from tf.grads with central differences for every named weight and
 * float input, on a few coordinates each. Returns the worst relative error seen.
 */
export function gradCheck<P extends ParamValues>(
  def: NodeDef<P>,
  raw: Record<string, unknown>,
  inputs: Record<string, tf.Tensor>,
  weights: Record<string, tf.Tensor>,
  opts: { output?: string; noise?: () => NoiseSource; coords?: number; h?: number; training?: boolean } = {},
): number {
  const outName = opts.output ?? Object.keys(run(def, raw, inputs, weights, { noise: opts.noise?.() }))[0];
  const names = [
    ...Object.keys(weights).map((n) => ['w', n] as const),
    ...Object.entries(inputs)
      .filter(([, t]) => t.dtype === 'float32')
      .map(([n]) => ['i', n] as const),
  ];
  const probe = run(def, raw, inputs, weights, { noise: opts.noise?.() })[outName];
  const R = tf.randomNormal(probe.shape, 0, 1, 'float32', 99);
  const objective = (ws: Record<string, tf.Tensor>, xs: Record<string, tf.Tensor>): tf.Scalar =>
    tf.sum(tf.mul(run(def, raw, xs, ws, { noise: opts.noise?.(), training: opts.training })[outName], R)) as tf.Scalar;

  let worst = 0;
  const h = opts.h ?? 1e-2;
  for (const [kind, name] of names) {
    const base = kind === 'w' ? weights[name] : inputs[name];
    const f = (t: tf.Tensor) =>
      kind === 'w' ? objective({ ...weights, [name]: t }, inputs) : objective(weights, { ...inputs, [name]: t });
    const analytic = tf.grad(f)(base).dataSync();
    const vals = base.dataSync().slice();
    const n = vals.length;
    const coords = Math.min(n, opts.coords ?? 6);
    for (let c = 0; c < coords; c++) {
      const idx = Math.floor((c * n) / coords);
      const plus = vals.slice();
      plus[idx] += h;
      const minus = vals.slice();
      minus[idx] -= h;
      const fp = f(tf.tensor(plus, base.shape)).dataSync()[0];
      const fm = f(tf.tensor(minus, base.shape)).dataSync()[0];
      const numeric = (fp - fm) / (2 * h);
      const err = Math.abs(numeric - analytic[idx]) / Math.max(1, Math.abs(numeric), Math.abs(analytic[idx]));
      if (err > worst) worst = err;
    }
  }
  return worst;
}

// ---------- image data ----------

/**
 * Accuracy of a nearest-centroid classifier over 10 classes, fitted on items [0, train) and
 * scored on [train, train + test): well above chance (0.1) only when labels match images.
 * A centroid is its class sum over train/10, the mean when the classes are balanced.
 */
export function nearestCentroidAccuracy(
  item: (i: number) => { image: ArrayLike<number>; label: number },
  pixels: number,
  train: number,
  test: number,
): number {
  const centroids = Array.from({ length: 10 }, () => new Float64Array(pixels));
  for (let i = 0; i < train; i++) {
    const { image, label } = item(i);
    for (let k = 0; k < pixels; k++) centroids[label][k] += image[k] / (train / 10);
  }
  let correct = 0;
  for (let i = train; i < train + test; i++) {
    const { image, label } = item(i);
    let best = -1;
    let bestDist = Infinity;
    centroids.forEach((c, d) => {
      let dist = 0;
      for (let k = 0; k < pixels; k++) dist += (image[k] - c[k]) ** 2;
      if (dist < bestDist) [best, bestDist] = [d, dist];
    });
    if (best === label) correct++;
  }
  return correct / test;
}
