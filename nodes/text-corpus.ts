import { defineNode, int, p, tf, type DataSource } from './api';
import { LruCache, paramsKey } from './data/cache';
import { CORPORA, CORPUS_IDS, corpusText, type CorpusId } from './data/corpora';
import { batchSizeParam, dataOutputs, passBatch, splitSizes, valFractionParam } from './data/source';
import { charTokenizer, wordTokenizer, type Tokenizer } from './data/tokenizers';

type Params = {
  corpus: CorpusId | 'custom';
  text: string;
  tokenizer: 'char' | 'word';
  maxVocab: number;
  contextLength: number;
  batchSize: number;
  valFraction: number;
};

interface Tokenized {
  tokenizer: Tokenizer;
  ids: Int32Array;
  describe: string;
}

// Tokenizing a large upload is the slow part, so it is cached apart from the window settings
// (changing contextLength must not re-tokenize 5 MB of text).
const tokenizedCache = new LruCache<Tokenized>(4);
const openedCache = new LruCache<DataSource>(8);

function tokenize(params: Params): Tokenized {
  const custom = params.corpus === 'custom';
  if (custom && params.text.trim() === '') throw new Error('corpus is custom but param text is empty: upload or paste a text');
  const text = custom ? params.text : corpusText(params.corpus as CorpusId);
  const tokenizer = params.tokenizer === 'char' ? charTokenizer(text) : wordTokenizer(text, params.maxVocab);
  const what = custom ? `uploaded text (${text.length} characters)` : CORPORA[params.corpus as CorpusId].describe;
  return { tokenizer, ids: Int32Array.from(tokenizer.encode(text)), describe: what };
}

export function openTextCorpus(params: Params): DataSource {
  return openedCache.get(paramsKey(params), () => {
    const { tokenizer, ids, describe } = tokenizedCache.get(
      paramsKey({ corpus: params.corpus, tokenizer: params.tokenizer, maxVocab: params.tokenizer === 'word' ? params.maxVocab : 0, text: params.corpus === 'custom' ? params.text : '' }),
      () => tokenize(params),
    );
    const T = params.contextLength;
    const sizes = splitSizes(ids.length, params.valFraction);
    // A window is T inputs plus the one next token; each part must hold one whole window so
    // that no window straddles the train/held-out boundary.
    for (const part of ['train', 'val'] as const) {
      if (sizes[part] < T + 1)
        throw new Error(
          `the ${part === 'train' ? 'training' : 'held-out'} part has ${sizes[part]} tokens but contextLength ${T} needs at least ${T + 1}: use a longer text, a smaller contextLength or a different valFraction`,
        );
    }
    const V = tokenizer.vocab.length;
    return {
      outputs: { tokens: int(['B', T], V), targets: int(['B', T], V) },
      vocab: tokenizer.vocab,
      encode: tokenizer.encode,
      decode: tokenizer.decode,
      joiner: tokenizer.joiner,
      describe: `${describe}; ${params.tokenizer} tokens, V=${V}, ${sizes.train} training and ${sizes.val} held-out tokens`,
      batch(split, batchSize, rand) {
        const offset = split === 'train' ? 0 : sizes.train;
        const starts = sizes[split] - T; // window starts offset … offset + starts − 1
        const tokens = new Int32Array(batchSize * T);
        const targets = new Int32Array(batchSize * T);
        for (let b = 0; b < batchSize; b++) {
          const s = offset + Math.floor(rand() * starts);
          tokens.set(ids.subarray(s, s + T), b * T);
          targets.set(ids.subarray(s + 1, s + T + 1), b * T);
        }
        return { tokens: tf.tensor2d(tokens, [batchSize, T], 'int32'), targets: tf.tensor2d(targets, [batchSize, T], 'int32') };
      },
    };
  });
}

export default defineNode<Params>({
  type: 'text-corpus',
  title: 'Text corpus',
  category: 'data',
  description:
    'Windows of T tokens from a text, with the next token of each position as its target. Built-in corpora are generated in the page; custom uses an uploaded text. The last valFraction of the text is held out for validation.',
  formula: '\\text{targets}_{t} = \\text{tokens}_{t+1}',
  params: {
    corpus: p.select([...CORPUS_IDS, 'custom'], 'tiny-stories', { help: 'a built-in corpus, or custom for the uploaded text' }),
    text: p.string('', 5_000_000, { label: 'custom text', help: 'the uploaded text, used when corpus is custom' }),
    tokenizer: p.select(['char', 'word'] as const, 'char', { help: 'char: one token per character; word: lowercased words and punctuation' }),
    maxVocab: p.int(5000, 2, 200_000, { label: 'max vocab', help: 'word tokenizer: rarer words become <unk>' }),
    contextLength: p.int(64, 1, 8192, { label: 'context T' }),
    batchSize: batchSizeParam(16),
    valFraction: valFractionParam,
  },
  inputs: [],
  outputs: [
    { name: 'tokens', kind: 'tokens', description: '[B, T] token ids' },
    { name: 'targets', kind: 'tokens', description: '[B, T] the next token of each position' },
  ],
  infer: (ctx) => dataOutputs(ctx, openTextCorpus),
  forward: passBatch,
  openData: openTextCorpus,
});
