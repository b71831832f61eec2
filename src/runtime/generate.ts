// Generation through a graph's beam-decoder: greedy (width 1), beam search, or sampling. The
// model is asked for next-token distributions of every live prefix; on decoder-only paths whose
// every node can step one token at a time (e.g. linear attention in its recurrent form) it runs
// incrementally with per-node caches, otherwise it re-runs each prefix (the reference behaviour).
import { beamSearch, type BeamStep } from '../../nodes/beam-decoder';
import { tf } from '../../nodes/tf';
import { portKey, type TensorMap } from '../compiler/program';
import { hashSeed, mulberry32 } from './random';
import type { Session } from './session';
import { CacheSet } from './step-cache';

export interface GenerateOptions {
  /** Text to continue (language models). */
  prompt?: string;
  /** Source sequence (Seq2Seq graphs). */
  source?: string;
  beamWidth?: number;
  /** Tokens to generate at most. */
  maxLength?: number;
  lengthPenalty?: number;
  sampling?: 'off' | 'temperature';
  temperature?: number;
  topK?: number;
  seed?: number;
  /** Force re-running every prefix even where incremental generation is possible. */
  noCache?: boolean;
}

export interface GenerateResult {
  text: string;
  tokens: number[];
  promptTokens: number[];
  probability: number;
  logProb: number;
  tree: BeamStep[];
  vocab: string[];
  incremental: boolean;
}

const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d);

export async function generate(session: Session, opts: GenerateOptions): Promise<GenerateResult> {
  const path = session.program.generation;
  if (!path) throw new Error('this graph has no beam-decoder wired to logits, so it cannot generate');
  const ds = session.data.get(path.source.id)!;
  if (!ds.encode || !ds.decode || !ds.vocab) throw new Error(`data source "${path.source.id}" has no tokenizer to generate with`);
  const dp = path.decoderParams;
  const shapes = session.program.analysis.shapes.get(path.source.id)!.outputs;
  const context = num(shapes[path.growPort]?.shape[1], 64);
  const seq2seq = path.fixedPorts.length > 0;

  let start: number[];
  const fixed: Record<string, number[]> = {};
  if (seq2seq) {
    if (ds.bos === undefined) throw new Error(`data source "${path.source.id}" has no begin-of-sequence token`);
    start = [ds.bos];
    const srcIds = ds.encode(opts.source ?? '');
    for (const port of path.fixedPorts) {
      const len = num(shapes[port]?.shape[1], srcIds.length);
      if (srcIds.length > len) throw new Error(`the source is ${srcIds.length} tokens long; this graph takes at most ${len}`);
      fixed[port] = [...srcIds, ...new Array(len - srcIds.length).fill(ds.pad ?? 0)];
    }
  } else {
    start = ds.encode(opts.prompt ?? '');
    if (start.length === 0) start = [ds.encode('\n')[0] ?? 0];
  }
  const eosName = typeof dp.eos === 'string' ? dp.eos : '<eos>';
  const eos = ds.eos ?? (ds.vocab.indexOf(eosName) >= 0 ? ds.vocab.indexOf(eosName) : undefined);
  const width = opts.beamWidth ?? num(dp.beamWidth, 1);
  const maxLength = opts.maxLength ?? num(dp.maxLength, 100);
  const sampling = (opts.sampling ?? dp.sampling) === 'temperature';
  const incremental = path.incremental && !opts.noCache;

  const caches = incremental ? new CacheSet(path.nodes.map((n) => n.id)) : undefined;
  // Past the trained context, softmax attention should see a sliding window (as in training)
  // and a learned position table ends; recurrent forms (RNN, linear attention) just go on.
  const windowed = path.nodes.some(
    (n) => n.type === 'attention-head' || n.type === 'multi-head-attention' || (n.type === 'positional-encoding' && n.params.kind === 'learned'),
  );
  let cachedPrefixes: string[] | undefined;
  const target = [{ nodeId: path.logits.nodeId, port: path.logits.port }];

  const lastDistributions = (tokens: number[][], offset: number): Float32Array[] => {
    const n = tokens.length;
    const feeds: TensorMap = new Map();
    feeds.set(portKey(path.source.id, path.growPort), tf.tensor2d(tokens, [n, tokens[0].length], 'int32'));
    for (const [port, ids] of Object.entries(fixed)) feeds.set(portKey(path.source.id, port), tf.tensor2d(Array.from({ length: n }, () => ids), [n, ids.length], 'int32'));
    caches?.setOffset(offset);
    const probs = tf.tidy(() => {
      const values = session.program.forward(feeds, session.weightsMap, {
        training: false,
        noise: session.noiseSource,
        step: session.step,
        targets: target,
        caches: caches?.caches,
      });
      const logits = values.get(portKey(path.logits.nodeId, path.logits.port))!;
      const [b, t, v] = logits.shape;
      return tf.softmax(tf.reshape(tf.slice(logits, [0, t - 1, 0], [b, 1, v]), [b, v]));
    });
    for (const t of feeds.values()) t.dispose();
    const data = probs.dataSync() as Float32Array;
    const v = probs.shape[1]!;
    probs.dispose();
    // A head wider than the data's vocabulary has outputs no token decodes to: never pick them.
    const vocabSize = ds.vocab!.length;
    return Array.from({ length: n }, (_, i) => {
      const row = data.slice(i * v, (i + 1) * v);
      if (v > vocabSize) row.fill(0, vocabSize);
      return row;
    });
  };

  const next = async (prefixes: number[][]): Promise<Float32Array[]> => {
    const len = prefixes[0].length;
    if (caches && (len <= context || !windowed)) {
      const keys = prefixes.map((p) => p.join(','));
      const parents = cachedPrefixes && prefixes.map((p) => cachedPrefixes!.indexOf(p.slice(0, -1).join(',')));
      let out: Float32Array[];
      if (parents && parents.every((i) => i >= 0)) {
        caches.reorder(parents);
        out = lastDistributions(prefixes.map((p) => [p[p.length - 1]]), len - 1);
      } else {
        out = lastDistributions(prefixes, 0);
      }
      cachedPrefixes = keys;
      return out;
    }
    // Beyond the trained context (or without caches): the last `context` tokens, re-run whole.
    return lastDistributions(prefixes.map((p) => p.slice(-context)), 0);
  };

  try {
    const rand = mulberry32(hashSeed(opts.seed ?? session.step + 1, 'sampling'));
    const res = await beamSearch({
      start,
      next,
      beamWidth: width,
      maxLength,
      eos,
      lengthPenalty: opts.lengthPenalty ?? num(dp.lengthPenalty, 0),
      sampling: sampling ? { temperature: opts.temperature ?? num(dp.temperature, 1), topK: opts.topK ?? num(dp.topK, 0), rand } : undefined,
    });
    const generated = res.best.tokens; // beamSearch returns the new tokens only, without the prompt
    const shown = generated.filter((t) => t !== eos);
    return {
      text: ds.decode(shown),
      tokens: generated,
      promptTokens: start,
      probability: res.best.probability,
      logProb: res.best.logProb,
      tree: res.tree,
      vocab: ds.vocab,
      incremental: !!caches,
    };
  } finally {
    caches?.dispose();
  }
}

