import { defineNode, int, p } from './api';

// ---------- beam search (pure; the runtime supplies the model as `next`) ----------

/** One extension of a hypothesis, as the search saw it at one step. */
export interface BeamCandidate {
  /** Generated tokens so far, this candidate's token last (an EOS is included). */
  tokens: number[];
  token: number;
  /** Index of the extended hypothesis in the previous step's beam (step 1: 0, the start). */
  parent: number;
  logProb: number;
  /** Stays in the beam (live) for the next step. */
  kept: boolean;
  /** Emitted EOS and went to the finished pool. */
  finished: boolean;
}

export interface BeamStep {
  /** 1 for the first generated token. */
  step: number;
  /** Every candidate considered (most probable first), unless recordPruned limits the rest. */
  candidates: BeamCandidate[];
  /** Indices into candidates of the kept ones, in beam order: the next step's parent indices. */
  beam: number[];
}

export interface Hypothesis {
  tokens: number[];
  logProb: number;
  probability: number;
  /** logProb / length^lengthPenalty: what the best is chosen by. */
  score: number;
}

export interface BeamSearchOptions {
  /** Prompt tokens every prefix starts with (not part of the returned tokens). */
  start: number[];
  /** Next-token probability distributions, one per prefix (start + generated tokens). */
  next: (prefixes: number[][]) => Promise<Float32Array[]>;
  beamWidth: number;
  /** Most tokens generated. */
  maxLength: number;
  eos: number | undefined;
  lengthPenalty: number;
  /** Pick the beam by sampling instead of taking the most probable. */
  sampling?: { temperature: number; topK: number; rand: () => number };
  onStep?: (step: BeamStep) => void;
  /**
   * Most candidates recorded per step that are neither kept nor finished (most probable
   * first); default all. A large vocabulary makes the full tree big, and a UI draws only a few.
   */
  recordPruned?: number;
}

export interface BeamSearchResult {
  best: Hypothesis;
  /** Hypotheses that emitted EOS, or for which the model gave no continuation; best first. */
  finished: Hypothesis[];
  /** The beam when the search stopped; best first. */
  live: Hypothesis[];
  tree: BeamStep[];
}

interface Live {
  tokens: number[];
  logProb: number;
}

function hypothesis(h: Live, lengthPenalty: number): Hypothesis {
  return {
    tokens: h.tokens,
    logProb: h.logProb,
    probability: Math.exp(h.logProb),
    score: h.logProb / Math.pow(Math.max(1, h.tokens.length), lengthPenalty),
  };
}

const byScore = (a: Hypothesis, b: Hypothesis) => b.score - a.score;
const NO_TOKENS: number[] = [];

/**
 * Beam search as NODES.md defines it: extend every live hypothesis by every token; one that
 * emits EOS leaves the beam for the finished pool; keep the beamWidth most probable live
 * extensions; stop at maxLength or when none is live; return the best of the finished and
 * live hypotheses by logProb / length^lengthPenalty. Width 1 is greedy decoding. With
 * sampling, the beam is drawn (without replacement) from the candidates with weights
 * p^(1/temperature), each parent restricted to its topK tokens, and only drawn EOS
 * candidates finish. Tokens of probability 0 are never considered.
 */
export async function beamSearch(opts: BeamSearchOptions): Promise<BeamSearchResult> {
  const { beamWidth, maxLength, eos, lengthPenalty, sampling } = opts;
  if (!(beamWidth >= 1)) throw new Error(`beamWidth must be at least 1, got ${beamWidth}`);
  if (sampling && !(sampling.temperature > 0)) throw new Error(`temperature must be above 0, got ${sampling.temperature}`);
  let live: Live[] = [{ tokens: [], logProb: 0 }];
  const finished: Live[] = [];
  const tree: BeamStep[] = [];

  for (let step = 1; step <= maxLength && live.length > 0; step++) {
    const dists = await opts.next(live.map((h) => [...opts.start, ...h.tokens]));
    if (dists.length !== live.length) throw new Error(`next returned ${dists.length} distributions for ${live.length} prefixes`);
    let candidates: BeamCandidate[] = [];
    live.forEach((h, parent) => {
      const before = candidates.length;
      for (const token of tokensToConsider(dists[parent], sampling?.topK ?? 0)) {
        // tokens are filled in below, only for the candidates that are recorded.
        candidates.push({ tokens: NO_TOKENS, token, parent, logProb: h.logProb + Math.log(dists[parent][token]), kept: false, finished: false });
      }
      // The model gives this prefix no continuation at all: it ends as it stands.
      if (candidates.length === before) finished.push(h);
    });
    // Stable sort: ties keep parent-then-token order, so results never depend on the engine.
    candidates.sort((a, b) => b.logProb - a.logProb);

    if (sampling) drawBeam(candidates, beamWidth, eos, sampling);
    else {
      let kept = 0;
      for (const c of candidates) {
        if (c.token === eos) c.finished = true;
        else if (kept < beamWidth) {
          c.kept = true;
          kept++;
        }
      }
    }
    if (opts.recordPruned !== undefined) {
      let pruned = 0;
      candidates = candidates.filter((c) => c.kept || c.finished || pruned++ < opts.recordPruned!);
    }
    for (const c of candidates) c.tokens = [...live[c.parent].tokens, c.token];
    for (const c of candidates) if (c.finished) finished.push(c);
    live = candidates.filter((c) => c.kept);

    const record: BeamStep = { step, candidates, beam: [] };
    candidates.forEach((c, i) => c.kept && record.beam.push(i));
    tree.push(record);
    opts.onStep?.(record);
  }

  const fin = finished.map((h) => hypothesis(h, lengthPenalty)).sort(byScore);
  const liveOut = live.map((h) => hypothesis(h, lengthPenalty)).sort(byScore);
  // Never empty: a step that leaves no live hypothesis has put them all in the finished pool
  // (EOS or dead end), and maxLength 0 leaves the empty start live.
  const best = [...fin, ...liveOut].sort(byScore)[0];
  return { best, finished: fin, live: liveOut, tree };
}

/** Token ids with probability above 0; with topK > 0, only the topK most probable. */
function tokensToConsider(dist: Float32Array, topK: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < dist.length; i++) if (dist[i] > 0) ids.push(i);
  if (topK > 0 && ids.length > topK) {
    ids.sort((a, b) => dist[b] - dist[a] || a - b);
    ids.length = topK;
    ids.sort((a, b) => a - b);
  }
  return ids;
}

/**
 * Draws up to beamWidth candidates without replacement, with weight exp(logProb / temperature)
 * (for one parent this is its next-token distribution raised to 1/temperature). Drawn EOS
 * candidates finish; the others form the beam.
 */
function drawBeam(
  candidates: BeamCandidate[],
  beamWidth: number,
  eos: number | undefined,
  sampling: { temperature: number; rand: () => number },
): void {
  if (candidates.length === 0) return;
  const top = candidates[0].logProb; // the largest: sorted
  const weights = candidates.map((c) => Math.exp((c.logProb - top) / sampling.temperature));
  let total = weights.reduce((s, w) => s + w, 0);
  for (let drawn = 0; drawn < beamWidth && total > 0; drawn++) {
    const u = sampling.rand() * total;
    let pick = -1;
    let acc = 0;
    for (let i = 0; i < weights.length; i++) {
      if (weights[i] === 0) continue;
      pick = i; // rounding can leave u just above the sum: the last positive weight then
      acc += weights[i];
      if (u < acc) break;
    }
    if (pick < 0) break;
    if (candidates[pick].token === eos) candidates[pick].finished = true;
    else candidates[pick].kept = true;
    total -= weights[pick];
    weights[pick] = 0;
  }
}

/** A numerically stable softmax of one logits row, for building `next` from a model. */
export function softmaxRow(logits: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i] - max);
  for (let i = 0; i < logits.length; i++) out[i] /= sum;
  return out;
}

// ---------- the node ----------

type Params = {
  beamWidth: number;
  maxLength: number;
  eos: string;
  lengthPenalty: number;
  sampling: 'off' | 'temperature';
  temperature: number;
  topK: number;
};

/** The EOS id for the node's eos param: its index in the vocabulary, or none (no early stop). */
export function resolveEos(eos: string, vocab: readonly string[] | undefined): number | undefined {
  const i = vocab ? vocab.indexOf(eos) : -1;
  return i < 0 ? undefined : i;
}

/** beamSearch options from the node's params; the runtime adds start, next and rand. */
export function searchSettings(
  params: Params,
  vocab: readonly string[] | undefined,
  rand: () => number,
): Pick<BeamSearchOptions, 'beamWidth' | 'maxLength' | 'eos' | 'lengthPenalty' | 'sampling'> {
  return {
    beamWidth: params.beamWidth,
    maxLength: params.maxLength,
    eos: resolveEos(params.eos, vocab),
    lengthPenalty: params.lengthPenalty,
    sampling: params.sampling === 'temperature' ? { temperature: params.temperature, topK: params.topK, rand } : undefined,
  };
}

export default defineNode<Params>({
  type: 'beam-decoder',
  title: 'Beam decoder',
  category: 'decoding',
  description:
    'Generates sequences from an autoregressive model by beam search: keeps the N most probable continuations at each step (N = 1 is greedy), or samples them with a temperature and top-k. Used only for generation.',
  formula: '\\hat y = \\arg\\max_{y}\\ \\log P(y)\\,/\\,|y|^{\\alpha}',
  params: {
    beamWidth: p.int(3, 1, 64, { label: 'beam width N', help: '1 = greedy' }),
    maxLength: p.int(64, 1, 4096, { label: 'max length', help: 'most tokens generated' }),
    eos: p.string('<eos>', 64, { label: 'end token', help: 'a hypothesis emitting this token is finished; ignored if the vocabulary has no such token' }),
    lengthPenalty: p.number(0, 0, 5, { step: 0.1, label: 'length penalty α', help: 'score = log P / length^α; 0 ranks by probability alone (favouring short outputs), larger α favours longer ones' }),
    sampling: p.select(['off', 'temperature'] as const, 'off', { help: 'off: most probable; temperature: sample the beam' }),
    temperature: p.number(1, 0.05, 10, { step: 0.05 }),
    topK: p.int(0, 0, 1_000_000, { label: 'top-k', help: 'sample only among the k most probable tokens; 0 = all' }),
  },
  inputs: [{ name: 'logits', kind: 'tensor', description: '[B, T, V] next-token logits of an autoregressive path' }],
  outputs: [{ name: 'sequences', kind: 'sequences', description: 'generated token sequences with their probabilities' }],
  inferenceOnly: true,
  infer(ctx) {
    const logits = ctx.need('logits');
    if (logits.dtype !== 'float32') ctx.fail('logits', 'input logits must be float scores over the vocabulary, got integer ids');
    ctx.rank('logits', logits, [2, 3], 'B, T, V');
    const V = logits.shape[logits.shape.length - 1];
    return { sequences: int([logits.shape[0], ctx.params.maxLength], typeof V === 'number' ? V : undefined) };
  },
  // Generation runs beamSearch in the runtime; training never calls this node.
  forward: () => ({}),
});
