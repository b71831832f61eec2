import { defineNode, int, p, tf, type DataSource } from './api';
import { LruCache, paramsKey } from './data/cache';
import { batchSizeParam, dataOutputs, passBatch, valFractionParam } from './data/source';
import { TASKS, TASK_IDS, generatePairs, parseTsv, splitPairs, type Pair, type TaskId } from './data/seq-tasks';
import { fromPieces } from './data/tokenizers';

type Params = {
  task: TaskId | 'custom';
  text: string;
  minLength: number;
  maxLength: number;
  count: number;
  valFraction: number;
  batchSize: number;
  seed: number;
};

/** Special ids shared by every sequence task (the first three vocabulary entries). */
export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
const SPECIALS = ['<pad>', '<bos>', '<eos>'];

const cache = new LruCache<DataSource>(8);

const charLength = (s: string) => [...s].length;

function pairsOf(params: Params): Pair[] {
  if (params.task === 'custom') {
    if (params.text.trim() === '') throw new Error('task is custom but param text is empty: upload a TSV file of source<TAB>target lines');
    return parseTsv(params.text);
  }
  if (params.minLength > params.maxLength)
    throw new Error(`param minLength (${params.minLength}) is larger than param maxLength (${params.maxLength})`);
  return generatePairs(params.task, params.seed, params.count, params.minLength, params.maxLength);
}

export function openSequencePairs(params: Params): DataSource {
  return cache.get(paramsKey(params), () => {
    const pairs = pairsOf(params);
    const parts = splitPairs(pairs, params.valFraction, params.seed);
    // One character vocabulary for both sides: specials, then every character in use.
    const chars = new Set<string>(params.task === 'custom' ? '' : TASKS[params.task].alphabet);
    for (const [s, t] of pairs) for (const ch of s + t) chars.add(ch);
    const tok = fromPieces('char', [...SPECIALS, ...[...chars].sort()]);
    const V = tok.vocab.length;
    // S fits the longest source; T the longest target plus its BOS (tgtIn) or EOS (tgtOut).
    const S = pairs.reduce((m, [s]) => Math.max(m, charLength(s)), 0);
    const T = pairs.reduce((m, [, t]) => Math.max(m, charLength(t)), 0) + 1;
    const encoded = {
      train: parts.train.map(([s, t]) => [tok.encode(s), tok.encode(t)] as const),
      val: parts.val.map(([s, t]) => [tok.encode(s), tok.encode(t)] as const),
    };
    const what = params.task === 'custom' ? `uploaded pairs` : TASKS[params.task].describe;
    return {
      outputs: { src: int(['B', S], V), tgtIn: int(['B', T], V), tgtOut: int(['B', T], V) },
      vocab: tok.vocab,
      encode: tok.encode,
      // Output side: stop at EOS, drop BOS and padding.
      decode(ids) {
        const end = ids.indexOf(EOS);
        return tok.decode((end < 0 ? ids : ids.slice(0, end)).filter((id) => id !== BOS && id !== PAD));
      },
      bos: BOS,
      eos: EOS,
      pad: PAD,
      joiner: '',
      describe: `${what}; ${parts.train.length} training and ${parts.val.length} held-out pairs, V=${V}, S=${S}, T=${T}`,
      batch(split, batchSize, rand) {
        const rows = encoded[split];
        // Int32Array starts zeroed, which is PAD.
        const src = new Int32Array(batchSize * S);
        const tgtIn = new Int32Array(batchSize * T);
        const tgtOut = new Int32Array(batchSize * T);
        for (let b = 0; b < batchSize; b++) {
          const [s, t] = rows[Math.floor(rand() * rows.length)];
          src.set(s, b * S);
          tgtIn[b * T] = BOS;
          tgtIn.set(t, b * T + 1);
          tgtOut.set(t, b * T);
          tgtOut[b * T + t.length] = EOS;
        }
        return {
          src: tf.tensor2d(src, [batchSize, S], 'int32'),
          tgtIn: tf.tensor2d(tgtIn, [batchSize, T], 'int32'),
          tgtOut: tf.tensor2d(tgtOut, [batchSize, T], 'int32'),
        };
      },
    };
  });
}

export default defineNode<Params>({
  type: 'sequence-pairs',
  title: 'Sequence pairs',
  category: 'data',
  description:
    'Source → target string pairs for sequence-to-sequence models: generated tasks (reverse, sort, copy, addition, dates) or an uploaded TSV file. Characters are tokens; <pad>=0, <bos>=1, <eos>=2.',
  formula: '\\text{tgtIn} = [\\langle bos\\rangle, y_{1..n}],\\ \\text{tgtOut} = [y_{1..n}, \\langle eos\\rangle]',
  params: {
    task: p.select([...TASK_IDS, 'custom'], 'reverse', { help: 'a generated task, or custom for the uploaded TSV text' }),
    text: p.string('', 5_000_000, { label: 'TSV text', help: 'custom: one source<TAB>target pair per line' }),
    minLength: p.int(3, 1, 64, { label: 'min length', help: 'shortest generated source (addition: digits per operand)' }),
    maxLength: p.int(8, 1, 64, { label: 'max length', help: 'longest generated source (addition: digits per operand)' }),
    count: p.int(5000, 10, 200_000, { label: 'pairs', help: 'how many distinct pairs to generate' }),
    valFraction: valFractionParam,
    batchSize: batchSizeParam(32),
    seed: p.int(1, 0, 2 ** 31 - 1, { help: 'seed of the generated pairs and of the train/held-out split' }),
  },
  inputs: [],
  outputs: [
    { name: 'src', kind: 'tokens', description: '[B, S] source ids, padded' },
    { name: 'tgtIn', kind: 'tokens', description: '[B, T] target ids after <bos> (decoder input)' },
    { name: 'tgtOut', kind: 'tokens', description: '[B, T] target ids then <eos> (what to predict)' },
  ],
  infer: (ctx) => dataOutputs(ctx, openSequencePairs),
  forward: passBatch,
  openData: openSequencePairs,
});
