// Probes for the generative-model panels: a VAE's reconstructions, latent traversal and
// interpolation; a Bayesian net's predictive band from many weight samples and its
// "posterior becomes the prior" step.
import { tf } from '../../nodes/tf';
import { portKey, type Program } from '../compiler/program';
import { predictionOf, reconstructionLoss } from './graph-info';
import { partialForward, withScope } from './partial-forward';
import { mulberry32 } from './random';
import type { Session } from './session';
import type { BayesResult, VaeResult } from './worker-protocol';

function requireNode(program: Program, type: string) {
  const n = program.order.find((x) => x.type === type);
  if (!n) throw new Error(`the graph has no ${type} node`);
  return n;
}

const clamp01 = (a: Float32Array) => a.map((x) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0));

/** Rows of a [n, P] array as separate images. */
function rowsOf(data: Float32Array, n: number): Float32Array[] {
  const p = data.length / n;
  return Array.from({ length: n }, (_, i) => clamp01(data.slice(i * p, (i + 1) * p)));
}

export interface VaeOptions {
  /** Images in the inputs/reconstructions grid. */
  count?: number;
  dims?: [number, number];
  range?: number;
  size?: number;
  steps?: number;
}

export function vaeProbe(session: Session, opts: VaeOptions = {}): VaeResult {
  const program = session.program;
  const sampler = requireNode(program, 'gaussian-sampler');
  const loss = reconstructionLoss(program, sampler.id);
  if (!loss) throw new Error(`no mse/bce loss compares a reconstruction made from gaussian-sampler "${sampler.id}" with the data`);
  const pred = predictionOf(program, loss.id)!;
  const targetEdge = (program.incoming.get(loss.id) ?? []).find((e) => e.targetPort === 'target')!;
  const muEdge = (program.incoming.get(sampler.id) ?? []).find((e) => e.targetPort === 'mu');
  if (!muEdge) throw new Error(`gaussian-sampler "${sampler.id}" has no mu input`);
  const zShape = program.analysis.shapes.get(sampler.id)?.outputs.z?.shape ?? [];
  const latent = zShape[zShape.length - 1];
  if (typeof latent !== 'number' || zShape.length !== 2) throw new Error(`the latent z of "${sampler.id}" must be [B, Z] with a known Z to explore it`);
  const count = Math.max(2, opts.count ?? 8);
  const size = Math.max(2, opts.size ?? 7);
  const range = opts.range ?? 2.5;
  const dims: [number, number] = opts.dims ?? [0, Math.min(1, latent - 1)];
  if (dims.some((d) => d < 0 || d >= latent)) throw new Error(`latent dims ${dims.join(', ')} are outside 0…${latent - 1}`);
  const steps = Math.max(2, opts.steps ?? 8);
  const base = { noise: session.noiseSource, step: session.step };
  const vars = session.weightsMap;
  const zKey = portKey(sampler.id, 'z');

  const feeds = session.makeFeeds('val', count);
  try {
    return withScope(() => {
      const values = program.forward(feeds, vars, { ...base, training: false, targets: [pred, { nodeId: muEdge.source, port: muEdge.sourcePort }] });
      const inputsT = values.get(portKey(targetEdge.source, targetEdge.sourcePort)) ?? feeds.get(portKey(targetEdge.source, targetEdge.sourcePort))!;
      const recon = values.get(portKey(pred.nodeId, pred.port))!;
      const mu = values.get(portKey(muEdge.source, muEdge.sourcePort))! as tf.Tensor2D;
      const side = Math.round(Math.sqrt(recon.shape[recon.shape.length - 1]));
      const decode = (z: tf.Tensor2D) => {
        const out = partialForward(program, vars, { ...base, overrides: new Map([[zKey, z]]), targets: [pred] });
        const r = out.get(portKey(pred.nodeId, pred.port))!;
        return rowsOf(r.reshape([z.shape[0], -1]).dataSync() as Float32Array, z.shape[0]);
      };

      // Traversal: a size × size grid over two latent dims, the others at 0 (the prior mean).
      const grid: number[][] = [];
      for (let r = 0; r < size; r++) {
        for (let c = 0; c < size; c++) {
          const z = new Array(latent).fill(0);
          z[dims[0]] = -range + (2 * range * c) / (size - 1);
          z[dims[1]] = range - (2 * range * r) / (size - 1);
          grid.push(z);
        }
      }
      // Interpolation between the posterior means of inputs 0 and 1.
      const a = mu.slice([0, 0], [1, latent]);
      const b = mu.slice([1, 0], [1, latent]);
      const ts = tf.linspace(0, 1, steps).reshape([steps, 1]);
      const path = tf.add(tf.mul(a, tf.sub(1, ts)), tf.mul(b, ts)) as tf.Tensor2D;
      return {
        side,
        latent,
        inputs: rowsOf(inputsT.reshape([count, -1]).dataSync() as Float32Array, count),
        reconstructions: rowsOf(recon.reshape([count, -1]).dataSync() as Float32Array, count),
        traversal: { dims, range, size, images: decode(tf.tensor2d(grid, [size * size, latent])) },
        interpolation: { from: 0, to: 1, images: decode(path) },
      };
    });
  } finally {
    for (const t of feeds.values()) t.dispose();
  }
}

export interface BayesOptions {
  samples?: number;
  points?: number;
  /** Individual sample curves returned for drawing. */
  curves?: number;
}

/** Predictive mean ± std over the input range, each sample a fresh draw of every Gaussian weight. */
export function bayesProbe(session: Session, opts: BayesOptions = {}): BayesResult {
  const program = session.program;
  const source = program.sources.find((s) => {
    const x = program.analysis.shapes.get(s.id)?.outputs.x?.shape;
    return x?.length === 2 && x[1] === 1;
  });
  if (!source) throw new Error('the predictive band needs a data source with a 1-D input x ([B, 1]), such as toy-2d sine');
  const loss = program.order.find((n) => (n.type === 'mse' || n.type === 'bce') && (program.incoming.get(n.id) ?? []).some((e) => e.targetPort === 'prediction'));
  if (!loss) throw new Error('the graph has no mse/bce loss whose prediction to draw');
  const pred = predictionOf(program, loss.id)!;
  const samples = Math.max(2, opts.samples ?? 64);
  const points = Math.max(2, opts.points ?? 120);
  const curves = Math.min(samples, opts.curves ?? 6);

  // The training data, from a private random stream so the session's batches are untouched.
  const ds = session.data.get(source.id)!;
  const batch = ds.batch('train', 200, mulberry32(12345));
  const trainX = Array.from(batch.x.dataSync());
  const trainY = batch.y ? Array.from(batch.y.dataSync()) : [];
  for (const t of Object.values(batch)) t.dispose();
  const lo = Math.min(...trainX);
  const hi = Math.max(...trainX);
  const pad = (hi - lo) * 0.25 || 1;
  const xs = Array.from({ length: points }, (_, i) => lo - pad + ((hi - lo + 2 * pad) * i) / (points - 1));

  const stacked = tf.tidy(() => {
    const x = tf.tensor2d(xs, [points, 1]);
    const feeds = new Map([[portKey(source.id, 'x'), x as tf.Tensor]]);
    const ys: tf.Tensor[] = [];
    for (let s = 0; s < samples; s++) {
      const out = partialForward(program, session.weightsMap, { feeds, targets: [pred], noise: session.noiseSource, step: session.step });
      ys.push(out.get(portKey(pred.nodeId, pred.port))!.reshape([points]));
    }
    return tf.stack(ys); // [samples, points]
  });
  const all = stacked.dataSync() as Float32Array;
  const moments = withScope(() => {
    const m = tf.moments(stacked, 0);
    return [m.mean.dataSync().slice(), tf.sqrt(m.variance).dataSync().slice()];
  });
  stacked.dispose();
  return {
    xs,
    mean: Array.from(moments[0]),
    std: Array.from(moments[1]),
    samples,
    curves: Array.from({ length: curves }, (_, s) => Array.from(all.slice(s * points, (s + 1) * points))),
    train: { x: trainX, y: trainY },
  };
}

/**
 * Makes every gaussian-weights node's current posterior its prior: priorMu ← μ,
 * priorSigma ← softplus(ρ). Training on new data then continues from what was learned.
 */
export function posteriorToPrior(session: Session): string[] {
  const vars = session.weightsMap as Map<string, tf.Variable>;
  const done: string[] = [];
  for (const n of session.program.order) {
    if (n.type !== 'gaussian-weights') continue;
    const key = (name: string) => `${n.weightKey}/${name}`;
    const mu = vars.get(key('mu'));
    const rho = vars.get(key('rho'));
    const pm = vars.get(key('priorMu'));
    const ps = vars.get(key('priorSigma'));
    if (!mu || !rho || !pm || !ps) continue;
    tf.tidy(() => {
      pm.assign(mu);
      ps.assign(tf.softplus(rho));
    });
    done.push(n.id);
  }
  if (done.length === 0) throw new Error('the graph has no gaussian-weights node with a prior to replace');
  return done;
}
