import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import textCorpus, { openTextCorpus } from './text-corpus';
import { int } from './api';
import { CORPUS_IDS, arithmeticLines, corpusText } from './data/corpora';
import { mulberry32 } from './data/random';
import { tinyStories } from './data/tiny-stories';
import { charTokenizer, wordTokenizer } from './data/tokenizers';
import { infer, params, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

const open = (raw: Record<string, unknown>) => openTextCorpus(params(textCorpus, raw));
const rows = (t: tf.Tensor) => t.arraySync() as number[][];

describe('text-corpus shapes', () => {
  it('infers [B, T] int tokens and targets with the vocabulary size, for every built-in corpus', () => {
    for (const corpus of CORPUS_IDS) {
      for (const tokenizer of ['char', 'word']) {
        const r = infer(textCorpus, { corpus, tokenizer, contextLength: 16 }, {});
        const V = open({ corpus, tokenizer, contextLength: 16 }).vocab!.length;
        expect(r.outputs).toEqual({ tokens: int(['B', 16], V), targets: int(['B', 16], V) });
        expect(r.weights).toEqual({});
      }
    }
    expect(open({ corpus: 'abc' }).vocab).toEqual([...'\nabcdefghijklmnopqrstuvwxyz']);
  });

  it('builds batches of the asked size as int32', () => {
    const b = open({ corpus: 'tiny-stories', contextLength: 12 }).batch('train', 5, mulberry32(1));
    expect(b.tokens.shape).toEqual([5, 12]);
    expect(b.targets.shape).toEqual([5, 12]);
    expect(b.tokens.dtype).toBe('int32');
    expect(b.targets.dtype).toBe('int32');
  });

  it('forward passes the fed batch through by port name', () => {
    const b = open({ corpus: 'abc', contextLength: 4 }).batch('train', 2, mulberry32(1));
    const out = run(textCorpus, { corpus: 'abc', contextLength: 4 }, b, {});
    expect(out.tokens).toBe(b.tokens);
    expect(out.targets).toBe(b.targets);
  });
});

describe('text-corpus batches', () => {
  it('targets are the tokens shifted by one, windows of the real text', () => {
    const data = open({ corpus: 'tiny-stories', contextLength: 20 });
    const text = corpusText('tiny-stories');
    const b = data.batch('train', 8, mulberry32(3));
    const toks = rows(b.tokens);
    const tgts = rows(b.targets);
    for (let i = 0; i < 8; i++) {
      expect(tgts[i].slice(0, -1)).toEqual(toks[i].slice(1));
      const window = data.decode!([...toks[i], tgts[i][19]]);
      expect(window).toHaveLength(21);
      expect(text.includes(window)).toBe(true);
    }
  });

  it('is deterministic for a seeded rand and differs between seeds', () => {
    const data = open({ corpus: 'tiny-stories', contextLength: 8 });
    const a = rows(data.batch('train', 4, mulberry32(7)).tokens);
    const b = rows(data.batch('train', 4, mulberry32(7)).tokens);
    const c = rows(data.batch('train', 4, mulberry32(8)).tokens);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('train and held-out windows come from disjoint parts of the text (held-out = tail)', () => {
    // Every character distinct: a token id is a position in the text.
    const text = Array.from({ length: 400 }, (_, i) => String.fromCharCode(0x4e00 + i)).join('');
    const data = open({ corpus: 'custom', text, contextLength: 10, valFraction: 0.25 });
    const positions = (split: 'train' | 'val') => {
      const seen = new Set<number>();
      const rand = mulberry32(1);
      for (let k = 0; k < 100; k++) {
        const b = data.batch(split, 16, rand);
        for (const id of [...b.tokens.dataSync(), ...b.targets.dataSync()]) seen.add(id);
      }
      return seen;
    };
    const train = positions('train');
    const val = positions('val');
    expect(Math.max(...train)).toBeLessThan(300);
    expect(Math.min(...val)).toBeGreaterThanOrEqual(300);
    // Both parts are sampled across their whole range.
    expect(train.has(0) && train.has(299) && val.has(300) && val.has(399)).toBe(true);
  });
});

describe('text-corpus custom text and errors', () => {
  it('tokenizes an uploaded text and round-trips it with the char tokenizer', () => {
    const text = 'Hello, wörld! 👋 Ünïcode\nline two\n'.repeat(5);
    const data = open({ corpus: 'custom', text, contextLength: 8 });
    expect(data.decode!(data.encode!(text))).toBe(text);
    expect(data.describe).toContain('uploaded text');
    expect(() => data.encode!('Z')).toThrow('character "Z" is not in the vocabulary');
  });

  it('reports an empty upload and a text too short for the context, naming the node', () => {
    expect(() => infer(textCorpus, { corpus: 'custom', text: '  \n' }, {}, 'tc')).toThrow(
      'text-corpus "tc": corpus is custom but param text is empty',
    );
    expect(() => infer(textCorpus, { corpus: 'custom', text: 'abcdefghij'.repeat(3), contextLength: 8 }, {}, 'tc')).toThrow(
      'text-corpus "tc": the held-out part has 3 tokens but contextLength 8 needs at least 9',
    );
    expect(() => infer(textCorpus, { corpus: 'abc', contextLength: 8192 }, {}, 'tc')).toThrow(/part has \d+ tokens but contextLength 8192 needs at least 8193/);
  });

  it('refuses params outside their ranges', () => {
    expect(() => params(textCorpus, { corpus: 'shakespeare' })).toThrow(/param corpus must be one of tiny-stories, abc, arithmetic, brown, custom/);
    expect(() => params(textCorpus, { valFraction: 0 })).toThrow(/param valFraction must be between 0.01 and 0.5/);
  });
});

describe('tokenizers', () => {
  it('char: decode(encode(s)) === s', () => {
    for (const s of [corpusText('tiny-stories'), 'a', '', 'ab\tc\r\n']) {
      const t = charTokenizer(s);
      expect(t.decode(t.encode(s))).toBe(s);
    }
  });

  it('word: lowercased words and punctuation, <unk> for words past maxVocab', () => {
    const t = wordTokenizer('The cat sat. The cat ran! A dog sat, the end.', 6);
    expect(t.vocab).toEqual(['<unk>', 'the', '.', 'cat', 'sat', '!']);
    expect(t.decode(t.encode('The cat ran.'))).toBe('the cat <unk>.');
    expect(t.decode(t.encode("It's a dog's life,\nthe END"))).toBe('<unk> <unk> <unk> <unk> <unk> <unk> the <unk>');
  });

  it('word: keeps inner apostrophes and line breaks as tokens', () => {
    const t = wordTokenizer("don't stop\nbelieving (now)", 100);
    expect(t.decode(t.encode("Don't stop\nbelieving (now)"))).toBe("don't stop\nbelieving (now)");
  });

  it('a word-level corpus decodes back to its lowercased text', () => {
    const data = open({ corpus: 'tiny-stories', tokenizer: 'word' });
    const b = data.batch('train', 1, mulberry32(2));
    const text = corpusText('tiny-stories').toLowerCase();
    expect(text.includes(data.decode!(Array.from(b.tokens.dataSync())))).toBe(true);
    expect(data.joiner).toBe(' ');
    expect(data.vocab!.length).toBeLessThan(400);
  });
});

describe('built-in corpora', () => {
  it('tiny-stories is 20–50 KB, deterministic, and changes with the seed', () => {
    const t = tinyStories(1, 40_000);
    expect(t.length).toBeGreaterThan(20_000);
    expect(t.length).toBeLessThan(50_000);
    expect(tinyStories(1, 40_000)).toBe(t);
    expect(tinyStories(2, 40_000)).not.toBe(t);
    expect(corpusText('tiny-stories')).toBe(t);
    // Many different stories, not one repeated.
    const stories = t.trim().split('\n\n');
    expect(stories.length).toBeGreaterThan(80);
    expect(new Set(stories).size).toBe(stories.length);
  });

  it('arithmetic lines are correct sums', () => {
    const lines = arithmeticLines(1, 200).trim().split('\n');
    expect(lines).toHaveLength(200);
    for (const line of lines) {
      const m = /^(\d+)\+(\d+)=(\d+)$/.exec(line)!;
      expect(Number(m[1]) + Number(m[2])).toBe(Number(m[3]));
    }
  });

  it('has a formula KaTeX can render', () => {
    expect(() => katex.renderToString(textCorpus.formula, { throwOnError: true })).not.toThrow();
  });
});
