import katex from 'katex';
import { describe, expect, it } from 'vitest';
import beamDecoder, { beamSearch, resolveEos, searchSettings, softmaxRow, type BeamStep } from './beam-decoder';
import { float, int } from './api';
import { mulberry32 } from './data/random';
import { infer, loadReference, params, run, type Tolerance } from './testkit';

type Table = Record<string, Record<string, number>>;

interface BeamCase {
  params: { beamWidth: number; maxLength: number; eos: string };
  inputs: { table: Table };
  outputs: { sequence: string[]; probability: number };
  tolerance: Tolerance;
}

/**
 * A stand-in model from a table: prefix (tokens joined) → distribution over string tokens.
 * Tokens the table never mentions, and prefixes it lacks, get probability 0.
 */
function tableModel(table: Table, extra: string[] = []) {
  const vocab = [...new Set([...extra, ...Object.values(table).flatMap((d) => Object.keys(d))])].sort();
  const calls: string[][] = [];
  const next = async (prefixes: number[][]) => {
    calls.push(prefixes.map((pr) => pr.map((i) => vocab[i]).join('')));
    return prefixes.map((pr) => {
      const dist = table[pr.map((i) => vocab[i]).join('')] ?? {};
      return Float32Array.from(vocab, (tok) => dist[tok] ?? 0);
    });
  };
  return { vocab, next, calls };
}

const close = (got: number, want: number, tol: Tolerance) =>
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tol.atol + tol.rtol * Math.abs(want));

describe('beamSearch on the reference cases', () => {
  for (const name of ['beam-width-1', 'beam-width-2']) {
    it(`${name}: sequence and probability match`, async () => {
      const c = loadReference<BeamCase>(name);
      const m = tableModel(c.inputs.table);
      const r = await beamSearch({
        start: [],
        next: m.next,
        beamWidth: c.params.beamWidth,
        maxLength: c.params.maxLength,
        eos: resolveEos(c.params.eos, m.vocab),
        lengthPenalty: 0,
      });
      expect(r.best.tokens.map((i) => m.vocab[i])).toEqual(c.outputs.sequence);
      close(r.best.probability, c.outputs.probability, c.tolerance);
      close(Math.exp(r.best.logProb), c.outputs.probability, c.tolerance);
    });
  }

  it('width 2 keeps the two most probable live extensions at every step', async () => {
    const c = loadReference<BeamCase>('beam-width-2');
    const m = tableModel(c.inputs.table);
    const steps: BeamStep[] = [];
    const r = await beamSearch({ start: [], next: m.next, beamWidth: 2, maxLength: 4, eos: undefined, lengthPenalty: 0, onStep: (s) => steps.push(s) });
    expect(steps).toEqual(r.tree);
    const kept = r.tree.map((s) => s.beam.map((i) => s.candidates[i].tokens.map((t) => m.vocab[t]).join('')));
    expect(kept).toEqual([['A', 'C'], ['AB', 'AC'], ['ACD', 'ABC'], ['ACDE', 'ABCD']]);
    // Step 2 considers every token after A and after C: 4 + 3 candidates, most probable first.
    expect(r.tree[1].candidates.map((x) => x.tokens.map((t) => m.vocab[t]).join(''))).toEqual(['AB', 'AC', 'CB', 'CD', 'CE', 'AD', 'AE']);
    // Parents index the previous step's beam: CB extends beam entry 1 (C).
    expect(r.tree[1].candidates[2].parent).toBe(1);
    // The model was asked once per step, with every live prefix.
    expect(m.calls).toEqual([[''], ['A', 'C'], ['AB', 'AC'], ['ACD', 'ABC']]);
  });
});

describe('beamSearch semantics', () => {
  const E = '<eos>';

  it('width 1 is greedy: it follows the most probable token at each step', async () => {
    const m = tableModel({ '': { a: 0.6, b: 0.4 }, a: { a: 0.1, b: 0.9 }, ab: { a: 0.7, b: 0.3 } });
    const r = await beamSearch({ start: [], next: m.next, beamWidth: 1, maxLength: 3, eos: undefined, lengthPenalty: 0 });
    expect(r.best.tokens.map((i) => m.vocab[i]).join('')).toBe('aba');
    expect(r.best.probability).toBeCloseTo(0.6 * 0.9 * 0.7, 6);
  });

  it('a hypothesis that emits eos finishes early and can win', async () => {
    const m = tableModel({ '': { a: 0.5, b: 0.5 }, a: { [E]: 0.8, a: 0.2 }, b: { b: 0.6, a: 0.4 }, bb: { b: 1 } }, [E]);
    const eos = m.vocab.indexOf(E);
    const r = await beamSearch({ start: [], next: m.next, beamWidth: 2, maxLength: 5, eos, lengthPenalty: 0 });
    expect(r.best.tokens.map((i) => m.vocab[i])).toEqual(['a', E]);
    expect(r.best.probability).toBeCloseTo(0.4, 6);
    // The finished hypothesis left the beam: step 2 keeps two live extensions besides it.
    const step2 = r.tree[1];
    expect(step2.candidates.filter((c) => c.finished).map((c) => c.tokens.map((i) => m.vocab[i]).join(''))).toEqual(['a' + E]);
    expect(step2.beam).toHaveLength(2);
    expect(step2.candidates.find((c) => c.finished)!.kept).toBe(false);
  });

  it('every EOS extension finishes, even one outside the N most probable (NODES.md)', async () => {
    // Greedy keeps "a" (0.6) at step 1, but "<eos>" (0.4) still enters the finished pool and
    // beats every continuation of "a".
    const m = tableModel({ '': { a: 0.6, [E]: 0.4 }, a: { a: 0.5, b: 0.5 }, aa: { a: 0.5, b: 0.5 } }, [E]);
    const eos = m.vocab.indexOf(E);
    const r = await beamSearch({ start: [], next: m.next, beamWidth: 1, maxLength: 3, eos, lengthPenalty: 0 });
    expect(r.tree[0].candidates.map((c) => [m.vocab[c.token], c.kept, c.finished])).toEqual([
      ['a', true, false],
      [E, false, true],
    ]);
    expect(r.best.tokens).toEqual([eos]);
    expect(r.live.map((h) => h.tokens.map((i) => m.vocab[i]).join(''))).toEqual(['aaa']);
  });

  it('stops when no hypothesis is live', async () => {
    const m = tableModel({ '': { a: 0.3, [E]: 0.7 }, a: { [E]: 1 } }, [E]);
    const eos = m.vocab.indexOf(E);
    const r = await beamSearch({ start: [], next: m.next, beamWidth: 1, maxLength: 50, eos, lengthPenalty: 0 });
    expect(r.tree).toHaveLength(2);
    expect(r.live).toEqual([]);
    expect(r.best.tokens).toEqual([eos]);
    expect(r.finished.map((h) => h.tokens.length)).toEqual([1, 2]);
  });

  it('a length penalty lets a longer, less probable hypothesis win', async () => {
    // short: a·eos = 0.5·0.5 = 0.25; long: b·b·b·eos = 0.5·0.8·0.7·0.6 = 0.168
    const table = { '': { a: 0.5, b: 0.5 }, a: { [E]: 0.5, a: 0.3 }, b: { b: 0.8, a: 0.2 }, bb: { b: 0.7, a: 0.3 }, bbb: { [E]: 0.6, a: 0.4 } };
    const m = tableModel(table, [E]);
    const eos = m.vocab.indexOf(E);
    const search = (lengthPenalty: number) => beamSearch({ start: [], next: m.next, beamWidth: 2, maxLength: 4, eos, lengthPenalty });
    const plain = await search(0);
    expect(plain.best.tokens.map((i) => m.vocab[i]).join('')).toBe('a' + E);
    const penalised = await search(1);
    // log(0.25)/2 = −0.693 < log(0.168)/4 = −0.446
    expect(penalised.best.tokens.map((i) => m.vocab[i]).join('')).toBe('bbb' + E);
    expect(penalised.best.score).toBeCloseTo(Math.log(0.5 * 0.8 * 0.7 * 0.6) / 4, 6);
    expect(penalised.best.probability).toBeCloseTo(0.168, 6);
  });

  it('prefixes start with the prompt, which is not part of the result', async () => {
    const m = tableModel({ xy: { a: 1 }, xya: { b: 1 } }, ['x', 'y']);
    const x = m.vocab.indexOf('x');
    const y = m.vocab.indexOf('y');
    const r = await beamSearch({ start: [x, y], next: m.next, beamWidth: 3, maxLength: 5, eos: undefined, lengthPenalty: 0 });
    expect(r.best.tokens.map((i) => m.vocab[i])).toEqual(['a', 'b']);
    expect(m.calls[0]).toEqual(['xy']);
  });

  it('recordPruned bounds the recorded candidates but not the search', async () => {
    const probs = Float32Array.from({ length: 50 }, (_, i) => (i + 1) / 1275);
    const next = async (ps: number[][]) => ps.map(() => probs);
    const full = await beamSearch({ start: [], next, beamWidth: 2, maxLength: 3, eos: undefined, lengthPenalty: 0 });
    const small = await beamSearch({ start: [], next, beamWidth: 2, maxLength: 3, eos: undefined, lengthPenalty: 0, recordPruned: 3 });
    expect(full.tree[1].candidates).toHaveLength(100);
    expect(small.tree[1].candidates).toHaveLength(5);
    expect(small.best).toEqual(full.best);
    expect(full.best.tokens).toEqual([49, 49, 49]);
  });
});

describe('beamSearch with sampling', () => {
  const table = { '': { a: 0.5, b: 0.3, c: 0.2 } };

  it('draws the first token with its model probability at temperature 1', async () => {
    const m = tableModel(table);
    const rand = mulberry32(5);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) {
      const r = await beamSearch({ start: [], next: m.next, beamWidth: 1, maxLength: 1, eos: undefined, lengthPenalty: 0, sampling: { temperature: 1, topK: 0, rand } });
      counts[r.best.tokens[0]]++;
    }
    expect(counts[0] / 3000).toBeCloseTo(0.5, 1);
    expect(counts[1] / 3000).toBeCloseTo(0.3, 1);
    expect(counts[2] / 3000).toBeCloseTo(0.2, 1);
  });

  it('top-k 1 and a low temperature both reduce to greedy; results repeat with the same rand', async () => {
    const c = loadReference<BeamCase>('beam-width-1');
    const m = tableModel(c.inputs.table);
    const greedy = ['A', 'B', 'C', 'D'];
    for (const sampling of [{ temperature: 1, topK: 1 }, { temperature: 0.05, topK: 0 }]) {
      for (let seed = 1; seed <= 5; seed++) {
        const r = await beamSearch({ start: [], next: m.next, beamWidth: 1, maxLength: 4, eos: undefined, lengthPenalty: 0, sampling: { ...sampling, rand: mulberry32(seed) } });
        expect(r.best.tokens.map((i) => m.vocab[i])).toEqual(greedy);
      }
    }
    const run1 = await beamSearch({ start: [], next: m.next, beamWidth: 2, maxLength: 4, eos: undefined, lengthPenalty: 0, sampling: { temperature: 2, topK: 0, rand: mulberry32(9) } });
    const run2 = await beamSearch({ start: [], next: m.next, beamWidth: 2, maxLength: 4, eos: undefined, lengthPenalty: 0, sampling: { temperature: 2, topK: 0, rand: mulberry32(9) } });
    expect(run2).toEqual(run1);
  });

  it('sampled beams hold distinct hypotheses and report model (not tempered) probabilities', async () => {
    const m = tableModel(table);
    const r = await beamSearch({ start: [], next: m.next, beamWidth: 3, maxLength: 1, eos: undefined, lengthPenalty: 0, sampling: { temperature: 3, topK: 0, rand: mulberry32(2) } });
    expect(r.live.map((h) => m.vocab[h.tokens[0]]).sort()).toEqual(['a', 'b', 'c']);
    const probs = r.live.map((h) => h.probability).sort();
    [0.2, 0.3, 0.5].forEach((want, i) => expect(probs[i]).toBeCloseTo(want, 6));
  });
});

describe('beam-decoder node', () => {
  it('infers sequences from [B, T, V] logits', () => {
    const r = infer(beamDecoder, { maxLength: 12 }, { logits: float(['B', 7, 65]) });
    expect(r.outputs.sequences).toEqual(int(['B', 12], 65));
    expect(r.weights).toEqual({});
    expect(beamDecoder.inferenceOnly).toBe(true);
  });

  it('rejects integer ids and a logits tensor of the wrong rank, naming the port', () => {
    expect(() => infer(beamDecoder, {}, { logits: int(['B', 7]) }, 'bd')).toThrow('beam-decoder "bd": input logits must be float scores');
    expect(() => infer(beamDecoder, {}, { logits: float([65]) }, 'bd')).toThrow(/input logits must have rank 2–3 \[B, T, V\], got shape \[65\]/);
    expect(() => infer(beamDecoder, {}, {}, 'bd')).toThrow(/required input logits is not connected/);
  });

  it('does nothing in a forward pass', () => {
    expect(run(beamDecoder, {}, {}, {})).toEqual({});
  });

  it('maps its params to search settings', () => {
    const rand = () => 0.5;
    const vocab = ['<pad>', '<bos>', '<eos>', 'a'];
    const s = searchSettings(params(beamDecoder, { beamWidth: 4, sampling: 'temperature', temperature: 0.7, topK: 5 }), vocab, rand);
    expect(s).toEqual({ beamWidth: 4, maxLength: 64, eos: 2, lengthPenalty: 0, sampling: { temperature: 0.7, topK: 5, rand } });
    expect(searchSettings(params(beamDecoder, {}), ['a', 'b'], rand).eos).toBeUndefined();
    expect(searchSettings(params(beamDecoder, {}), vocab, rand).sampling).toBeUndefined();
  });

  it('softmaxRow is stable for large logits', () => {
    const p = softmaxRow([1000, 1000 + Math.log(3)]);
    expect(p[0]).toBeCloseTo(0.25, 6);
    expect(p[1]).toBeCloseTo(0.75, 6);
  });

  it('has a formula KaTeX can render', () => {
    expect(() => katex.renderToString(beamDecoder.formula, { throwOnError: true })).not.toThrow();
  });
});
