// How a template's training is judged (templates/targets.json names the metric per template):
// held-out loss, exact match of generated answers, the VAE's negative ELBO, a Bayesian net's
// test log-likelihood. Each works on a Session, i.e. on what `tensorloom train` produced.
import { generate } from '../runtime/generate';
import { hashSeed, mulberry32 } from '../runtime/random';
import type { Session } from '../runtime/session';

export interface Target {
  /** Training steps the target must be reached within (at the template's own batch size). */
  steps: number;
  metric: 'val-loss' | 'exact-match' | 'neg-elbo' | 'test-log-likelihood';
  /** The bound the metric must beat: below it for losses, above it for the others. */
  target: number;
  /** What the figure means, for people reading the table. */
  about: string;
  /** exact-match: held-out pairs generated; test-log-likelihood: weight samples. */
  samples?: number;
  /** neg-elbo: the reconstruction loss node and the gaussian-sampler node. */
  reconstruction?: string;
  sampler?: string;
  /** test-log-likelihood: the prediction node (its output y). */
  prediction?: string;
}

export const lowerIsBetter = (t: Target) => t.metric === 'val-loss' || t.metric === 'neg-elbo';
export const meets = (t: Target, value: number) => (lowerIsBetter(t) ? value < t.target : value > t.target);

/** Mean of the total loss over held-out batches. */
export async function valLoss(s: Session, batches = 8): Promise<number> {
  return (await s.evaluate(batches)).total;
}

/**
 * Fraction of held-out pairs whose generated answer (through the graph's beam decoder, as
 * the Run panel and `tensorloom generate` do) equals the target exactly.
 */
export async function exactMatch(s: Session, samples: number): Promise<{ rate: number; examples: string[] }> {
  const path = s.program.generation;
  if (!path) throw new Error('the graph has no beam decoder to generate with');
  const ds = s.data.get(path.source.id)!;
  const rand = mulberry32(hashSeed(7, 'exact-match'));
  const batch = ds.batch('val', samples, rand);
  const src = (await batch.src.array()) as number[][];
  const tgt = (await batch.tgtOut.array()) as number[][];
  Object.values(batch).forEach((t) => t.dispose());
  let right = 0;
  const examples: string[] = [];
  for (let i = 0; i < samples; i++) {
    const source = ds.decode!(src[i]);
    const want = ds.decode!(tgt[i]);
    const got = (await generate(s, { source })).text;
    if (got === want) right++;
    if (examples.length < 3) examples.push(`${source} → ${got}${got === want ? '' : ` (want ${want})`}`);
  }
  return { rate: right / samples, examples };
}

/**
 * Negative ELBO per image in nats, on held-out images: P·(mean per-pixel BCE) + KL, where
 * the KL is the sampler's raw batch-mean KL (before the kl-loss node's β).
 */
export async function negElbo(s: Session, reconstruction: string, sampler: string, batches = 4, batchSize = 100): Promise<number> {
  const src = s.program.sources[0];
  const shape = s.program.analysis.shapes.get(src.id)!.outputs.images.shape;
  const P = Number(shape[shape.length - 1]);
  let sum = 0;
  for (let b = 0; b < batches; b++) {
    const out = s.run([{ nodeId: reconstruction, port: 'loss' }, { nodeId: sampler, port: 'kl' }], 'val', batchSize);
    const bce = (await out.get(`${reconstruction}.loss`)!.data())[0];
    const kl = (await out.get(`${sampler}.kl`)!.data())[0];
    out.forEach((t) => t.dispose());
    sum += (P * bce + kl) / batches;
  }
  return sum;
}

/**
 * Mean held-out log-likelihood per point (nats) of a Bayesian regression: the predictive
 * density is the average over `samples` weight draws of N(y; f_w(x), σ²), σ the data's noise.
 */
export async function testLogLikelihood(s: Session, prediction: string, samples: number, points = 200): Promise<number> {
  const src = s.program.sources[0];
  const sigma = Number(src.params.noise);
  const feeds = s.makeFeeds('val', points);
  const y = (await feeds.get(`${src.id}.y`)!.data()) as Float32Array;
  const draws: Float32Array[] = [];
  for (let k = 0; k < samples; k++) {
    const out = s.run([{ nodeId: prediction, port: 'y' }], 'val', points, feeds);
    draws.push((await out.get(`${prediction}.y`)!.data()) as Float32Array);
    out.forEach((t) => t.dispose());
  }
  feeds.forEach((t) => t.dispose());
  const logNorm = -0.5 * Math.log(2 * Math.PI * sigma * sigma);
  let total = 0;
  for (let i = 0; i < points; i++) {
    // log-mean-exp over the draws, stably.
    const logs = draws.map((d) => logNorm - ((y[i] - d[i]) ** 2) / (2 * sigma * sigma));
    const m = Math.max(...logs);
    total += m + Math.log(logs.reduce((acc, l) => acc + Math.exp(l - m), 0) / samples);
  }
  return total / points;
}

export async function measure(s: Session, t: Target): Promise<{ value: number; detail: string }> {
  switch (t.metric) {
    case 'val-loss': {
      const v = await valLoss(s);
      return { value: v, detail: `held-out loss ${v.toFixed(3)}` };
    }
    case 'exact-match': {
      const r = await exactMatch(s, t.samples ?? 50);
      return { value: r.rate, detail: `exact match ${(r.rate * 100).toFixed(0)}% (${r.examples.join('; ')})` };
    }
    case 'neg-elbo': {
      const v = await negElbo(s, t.reconstruction!, t.sampler!);
      return { value: v, detail: `negative ELBO ${v.toFixed(1)} nats per image` };
    }
    case 'test-log-likelihood': {
      const v = await testLogLikelihood(s, t.prediction!, t.samples ?? 20);
      return { value: v, detail: `test log-likelihood ${v.toFixed(3)} nats per point` };
    }
  }
}
