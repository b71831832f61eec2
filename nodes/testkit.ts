// Test-only helpers shared by the node tests: run one node on given tensors, check shapes,
// and compare autodiff gradients with central finite differences.
import { tf } from './tf';
export { tf };
import '@tensorflow/tfjs-backend-cpu';
import type { NodeDef, NoiseSource, ParamValues, TensorInfo, WeightSpec } from './api';
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
  opts: { training?: boolean; noise?: NoiseSource; step?: number } = {},
): Record<string, tf.Tensor> {
  return def.forward({
    nodeId: 'n1',
    params: params(def, raw),
    inputs,
    weights,
    training: opts.training ?? false,
    noise: opts.noise ?? fixedNoise(),
    step: opts.step ?? 0,
  });
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
