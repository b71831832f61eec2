import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import sequencePairs, { BOS, EOS, PAD, openSequencePairs } from './sequence-pairs';
import { int, type DataSource } from './api';
import { mulberry32 } from './data/random';
import { addDecimal, parseTsv, splitPairs } from './data/seq-tasks';
import { infer, params, run, useCpu } from './testkit';

beforeAll(useCpu);

const open = (raw: Record<string, unknown>) => openSequencePairs(params(sequencePairs, raw));

/** Decoded (source, target) strings of one batch, checking the BOS/EOS/PAD layout as it goes. */
function decodedBatch(data: DataSource, split: 'train' | 'val', n: number, seed: number): [string, string][] {
  const b = data.batch(split, n, mulberry32(seed));
  const src = b.src.arraySync() as number[][];
  const tgtIn = b.tgtIn.arraySync() as number[][];
  const tgtOut = b.tgtOut.arraySync() as number[][];
  return src.map((s, i) => {
    const len = tgtOut[i].indexOf(EOS);
    expect(len).toBeGreaterThan(0);
    expect(tgtIn[i][0]).toBe(BOS);
    // tgtIn is tgtOut delayed by one step; after EOS both are padding.
    expect(tgtIn[i].slice(1, len + 1)).toEqual(tgtOut[i].slice(0, len));
    expect(tgtOut[i].slice(len + 1).every((x) => x === PAD)).toBe(true);
    expect(tgtIn[i].slice(len + 1).every((x) => x === PAD)).toBe(true);
    const srcLen = s.indexOf(PAD) < 0 ? s.length : s.indexOf(PAD);
    expect(s.slice(srcLen).every((x) => x === PAD)).toBe(true);
    return [data.decode!(s), data.decode!(tgtOut[i])];
  });
}

describe('sequence-pairs shapes', () => {
  it('infers src [B, S], tgtIn/tgtOut [B, T] with a char vocabulary after the specials', () => {
    const r = infer(sequencePairs, { task: 'reverse', minLength: 2, maxLength: 6 }, {});
    const V = 3 + 26;
    expect(r.outputs).toEqual({ src: int(['B', 6], V), tgtIn: int(['B', 7], V), tgtOut: int(['B', 7], V) });
    const data = open({ task: 'reverse', minLength: 2, maxLength: 6 });
    expect(data.vocab!.slice(0, 4)).toEqual(['<pad>', '<bos>', '<eos>', 'a']);
    expect([data.pad, data.bos, data.eos]).toEqual([0, 1, 2]);
  });

  it('sizes addition from the digits per operand', () => {
    const r = infer(sequencePairs, { task: 'addition', minLength: 1, maxLength: 3 }, {});
    expect(r.outputs.src.shape).toEqual(['B', 7]); // 999+999
    expect(r.outputs.tgtOut.shape).toEqual(['B', 5]); // 1998 + EOS
    expect(r.outputs.src.vocab).toBe(3 + 11);
  });

  it('builds int32 batches of the asked size, and forward passes them through', () => {
    const data = open({ task: 'copy' });
    const b = data.batch('train', 4, mulberry32(1));
    expect(b.src.shape).toEqual([4, 8]);
    expect(b.tgtIn.shape).toEqual([4, 9]);
    expect(b.tgtOut.dtype).toBe('int32');
    expect(run(sequencePairs, {}, b, {})).toEqual(b);
  });
});

describe('sequence-pairs tasks', () => {
  it('reverse, sort and copy targets follow from their sources, within the lengths', () => {
    const rules: Record<string, (s: string) => string> = {
      reverse: (s) => [...s].reverse().join(''),
      sort: (s) => [...s].sort().join(''),
      copy: (s) => s,
    };
    for (const [task, rule] of Object.entries(rules)) {
      for (const [s, t] of decodedBatch(open({ task, minLength: 3, maxLength: 5 }), 'train', 32, 1)) {
        expect(t).toBe(rule(s));
        expect(s.length).toBeGreaterThanOrEqual(3);
        expect(s.length).toBeLessThanOrEqual(5);
      }
    }
  });

  it('addition sums are right, also past double precision', () => {
    for (const [s, t] of decodedBatch(open({ task: 'addition', minLength: 18, maxLength: 20 }), 'train', 32, 2)) {
      const [a, b] = s.split('+');
      expect(BigInt(t)).toBe(BigInt(a) + BigInt(b));
    }
    expect(addDecimal('999', '1')).toBe('1000');
  });

  it('dates map a written date to its ISO form', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const pairs = decodedBatch(open({ task: 'dates' }), 'train', 64, 3);
    for (const [s, t] of pairs) {
      const [y, m, d] = t.split('-').map(Number);
      expect(t).toMatch(/^(19[5-9]\d|20[0-4]\d)-\d\d-\d\d$/);
      const dotted = /^(\d\d)\.(\d\d)\.(\d{4})$/.exec(s);
      if (dotted) expect([+dotted[3], +dotted[2], +dotted[1]]).toEqual([y, m, d]);
      else {
        expect(s).toContain(String(y));
        expect(s).toContain(months[m - 1]);
        expect(s).toMatch(new RegExp(`(^|[ ,])${d}[ ,]`));
      }
    }
    expect(new Set(pairs.map(([s]) => s.replace(/\d/g, '#'))).size).toBeGreaterThan(3); // several styles
  });

  it('is deterministic for a seed, and the seed changes the pairs', () => {
    const a = decodedBatch(open({ task: 'reverse', seed: 4 }), 'train', 8, 1);
    expect(decodedBatch(open({ task: 'reverse', seed: 4 }), 'train', 8, 1)).toEqual(a);
    expect(decodedBatch(open({ task: 'reverse', seed: 5 }), 'train', 8, 1)).not.toEqual(a);
  });

  it('train and held-out pairs never share a source', () => {
    const data = open({ task: 'sort', minLength: 2, maxLength: 3, count: 300 });
    const sources = (split: 'train' | 'val') => new Set(decodedBatch(data, split, 512, 1).map(([s]) => s));
    const train = sources('train');
    const val = sources('val');
    expect(val.size).toBeGreaterThan(10);
    expect([...val].filter((s) => train.has(s))).toEqual([]);
  });

  it('reports minLength above maxLength', () => {
    expect(() => infer(sequencePairs, { minLength: 5, maxLength: 3 }, {}, 'sp')).toThrow(
      'sequence-pairs "sp": param minLength (5) is larger than param maxLength (3)',
    );
  });
});

describe('sequence-pairs custom TSV', () => {
  const tsv = 'hello\tHALLO\r\ncat\tKatze\n\ndog\tHund\nsun\tSonne\n';

  it('uses the uploaded pairs, skipping blank lines and CRs', () => {
    const data = open({ task: 'custom', text: tsv, valFraction: 0.25 });
    expect(parseTsv(tsv)).toEqual([['hello', 'HALLO'], ['cat', 'Katze'], ['dog', 'Hund'], ['sun', 'Sonne']]);
    expect(data.outputs.src.shape).toEqual(['B', 5]);
    expect(data.outputs.tgtIn.shape).toEqual(['B', 6]);
    const all = new Map([...decodedBatch(data, 'train', 64, 1), ...decodedBatch(data, 'val', 16, 1)]);
    expect(Object.fromEntries(all)).toEqual({ hello: 'HALLO', cat: 'Katze', dog: 'Hund', sun: 'Sonne' });
    expect(data.decode!(data.encode!('Katze'))).toBe('Katze');
  });

  it('names the line of a bad TSV row', () => {
    const bad = (text: string) => () => infer(sequencePairs, { task: 'custom', text }, {}, 'sp');
    expect(bad('a\tb\n\nno tab here\n')).toThrow('sequence-pairs "sp": param text, line 3: expected source<TAB>target but the line has no tab');
    expect(bad('a\tb\tc\n')).toThrow('param text, line 1: expected source<TAB>target but the line has 2 tabs');
    expect(bad('a\tb\nx\t\n')).toThrow('param text, line 2: the target (after the tab) is empty');
    expect(bad('\tb\n')).toThrow('param text, line 1: the source (before the tab) is empty');
    expect(bad('')).toThrow('task is custom but param text is empty');
    expect(bad('a\tb\na\tc\n')).toThrow('there is 1 distinct source; at least 2 are needed');
  });

  it('keeps pairs that share a source on one side of the split', () => {
    const pairs: [string, string][] = [];
    for (let i = 0; i < 40; i++) pairs.push([`s${i % 10}`, `t${i}`]);
    const { train, val } = splitPairs(pairs, 0.2, 1);
    expect(train.length + val.length).toBe(40);
    const trainSources = new Set(train.map(([s]) => s));
    expect(val.filter(([s]) => trainSources.has(s))).toEqual([]);
    expect(val.length).toBe(8);
  });

  it('decode stops at EOS and drops BOS and padding', () => {
    const data = open({ task: 'copy' });
    const [a, b] = data.encode!('ab');
    expect(data.decode!([BOS, a, b, EOS, a, PAD])).toBe('ab');
    expect(data.decode!([a, PAD, b])).toBe('ab');
  });

  it('has a formula KaTeX can render', () => {
    expect(() => katex.renderToString(sequencePairs.formula, { throwOnError: true })).not.toThrow();
  });
});
