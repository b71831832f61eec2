// Text ↔ token ids. A tokenizer is built from the text it will serve (its vocabulary is what
// that text contains), and encodes prompts typed later in the generation panel the same way.

export interface Tokenizer {
  kind: 'char' | 'word';
  /** id → text piece. */
  vocab: string[];
  encode(text: string): number[];
  decode(ids: number[]): string;
  /** Separator placed between pieces when decoding. */
  joiner: string;
}

/** One id per distinct character of the text, in code-point order. decode(encode(s)) === s. */
export function charTokenizer(text: string, extra: readonly string[] = []): Tokenizer {
  const chars = new Set<string>(extra);
  for (const ch of text) chars.add(ch);
  const vocab = [...chars].sort(byCodePoint);
  return fromPieces('char', vocab);
}

/**
 * A char tokenizer over a fixed piece list (specials first, e.g. <pad>, <bos>, <eos>); encode
 * reads characters only, decode writes every piece.
 */
export function fromPieces(kind: 'char', vocab: string[]): Tokenizer {
  const ids = new Map(vocab.map((piece, i) => [piece, i]));
  return {
    kind,
    vocab,
    joiner: '',
    encode(text) {
      const out: number[] = [];
      for (const ch of text) {
        const id = ids.get(ch);
        // A prompt can only use characters the model has an embedding for.
        if (id === undefined) throw new Error(`character ${JSON.stringify(ch)} is not in the vocabulary`);
        out.push(id);
      }
      return out;
    },
    decode: (idList) => idList.map((id) => pieceOf(vocab, id)).join(''),
  };
}

export const UNK = '<unk>';

/**
 * Splits lowercased text into words (letters/digits, with inner apostrophes: "don't"), line
 * breaks, and single punctuation marks; spaces are dropped.
 */
export function wordPieces(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*|\n|[^\s]/gu) ?? [];
}

/**
 * Word vocabulary: <unk> (id 0), then the most frequent pieces (ties in code-point order) up to
 * maxVocab ids in all; rarer pieces encode as <unk>.
 */
export function wordTokenizer(text: string, maxVocab: number): Tokenizer {
  const counts = new Map<string, number>();
  for (const w of wordPieces(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]));
  const vocab = [UNK, ...ranked.slice(0, Math.max(0, maxVocab - 1)).map(([w]) => w)];
  const ids = new Map(vocab.map((w, i) => [w, i]));
  return {
    kind: 'word',
    vocab,
    joiner: ' ',
    encode: (s) => wordPieces(s).map((w) => ids.get(w) ?? 0),
    decode: (idList) => joinWords(idList.map((id) => pieceOf(vocab, id))),
  };
}

// No space before closing punctuation or after opening brackets, and none around line breaks.
const NO_SPACE_BEFORE = new Set(['.', ',', '!', '?', ';', ':', ')', ']', '}', '%', '\n']);
const NO_SPACE_AFTER = new Set(['(', '[', '{', '$', '\n']);

export function joinWords(pieces: string[]): string {
  let out = '';
  pieces.forEach((w, i) => {
    if (i > 0 && !NO_SPACE_BEFORE.has(w) && !NO_SPACE_AFTER.has(pieces[i - 1])) out += ' ';
    out += w;
  });
  return out;
}

function pieceOf(vocab: string[], id: number): string {
  const piece = vocab[id];
  if (piece === undefined) throw new Error(`token id ${id} is outside the vocabulary (size ${vocab.length})`);
  return piece;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
