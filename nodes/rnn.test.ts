import { beforeAll, describe, expect, it } from 'vitest';
import rnn from './rnn';
import { float, int, portsOf } from './api';
import { expectClose, gradCheck, infer, loadReference, memoryCache, params, randomWeights, refTensors, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

describe('rnn shape inference', () => {
  it('infers sequence, h and (for lstm) c, and sizes gate blocks per cell', () => {
    const lstm = infer(rnn, { cell: 'lstm', units: 4 }, { x: float(['B', 'T', 5]) });
    expect(lstm.outputs).toEqual({
      sequence: float(['B', 'T', 4]),
      h: float(['B', 4]),
      c: float(['B', 4]),
    });
    expect(lstm.weights.kernel.shape).toEqual([5, 16]);
    expect(lstm.weights.recurrentKernel.shape).toEqual([4, 16]);
    expect(lstm.weights.bias.shape).toEqual([16]);

    const gru = infer(rnn, { cell: 'gru', units: 4 }, { x: float([2, 3, 5]) });
    expect(Object.keys(gru.outputs).sort()).toEqual(['h', 'sequence']);
    expect(gru.weights.kernel.shape).toEqual([5, 12]);

    const simple = infer(rnn, { cell: 'simple', units: 4 }, { x: float([2, 3, 5]) });
    expect(simple.weights.recurrentKernel.shape).toEqual([4, 4]);
  });

  it('declares h0/c0 optional feedback ports, and c0/c only for the lstm', () => {
    const lstm = portsOf(rnn, params(rnn, { cell: 'lstm' }));
    expect(lstm.inputs.filter((p) => p.feedback && p.optional).map((p) => p.name)).toEqual(['h0', 'c0']);
    expect(lstm.outputs.map((p) => p.name)).toEqual(['sequence', 'h', 'c']);
    const gru = portsOf(rnn, params(rnn, { cell: 'gru' }));
    expect(gru.inputs.map((p) => p.name)).toEqual(['x', 'h0']);
    expect(gru.outputs.map((p) => p.name)).toEqual(['sequence', 'h']);
  });

  it('names the port and both sizes when an initial state disagrees', () => {
    expect(() => infer(rnn, { units: 4 }, { x: float([2, 3, 5]), h0: float([2, 3]) }, 'r1')).toThrow(
      'rnn "r1": input h0 has H=3 but param units expects H=4',
    );
    expect(() => infer(rnn, { units: 4 }, { x: float([2, 3, 5]), c0: float([3, 4]) }, 'r1')).toThrow(
      'rnn "r1": input c0 has B=3 but input x expects B=2',
    );
    expect(() => infer(rnn, { cell: 'gru', units: 4 }, { x: float([2, 3, 5]), c0: float([2, 4]) })).toThrow(
      /input c0 is only used by cell lstm/,
    );
  });

  it('refuses a wrong rank, token ids and an unknown input width', () => {
    expect(() => infer(rnn, {}, { x: float([2, 5]) })).toThrow(/input x must have rank 3 \[B, T, D\], got shape \[2, 5\]/);
    expect(() => infer(rnn, {}, { x: int([2, 5, 1]) })).toThrow(/input x must hold float activations/);
    expect(() => infer(rnn, {}, { x: float([2, 5, 'D']) })).toThrow(/needs a known D/);
    expect(() => infer(rnn, {}, {})).toThrow(/required input x is not connected/);
  });
});

describe('rnn forward', () => {
  for (const name of ['rnn-simple', 'lstm', 'lstm-init-state']) {
    it(`matches reference case ${name}`, () => {
      const ref = loadReference(name);
      const out = run(rnn, ref.params, refTensors(ref.inputs), refTensors(ref.weights));
      for (const [port, want] of Object.entries(ref.outputs)) expectClose(out[port], want, ref.tolerance);
    });
  }

  it('gru follows torch.nn.GRU (r, z, n; bias on the input side) step by step', () => {
    const [B, T, D, H] = [2, 3, 2, 2];
    const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 11);
    const w = randomWeights(infer(rnn, { cell: 'gru', units: H }, { x: float([B, T, D]) }).weights, 5);
    const out = run(rnn, { cell: 'gru', units: H }, { x }, w);

    // Plain scalar loops, independent of the tensor code.
    const X = x.arraySync() as number[][][];
    const W = w.kernel.arraySync() as number[][];
    const U = w.recurrentKernel.arraySync() as number[][];
    const b = w.bias.arraySync() as number[];
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    const want: number[][][] = [];
    for (let bi = 0; bi < B; bi++) {
      let h = new Array(H).fill(0);
      want.push([]);
      for (let t = 0; t < T; t++) {
        const xw = (j: number) => X[bi][t].reduce((s, xv, d) => s + xv * W[d][j], b[j]);
        const hu = (j: number) => h.reduce((s, hv, k) => s + hv * U[k][j], 0);
        h = h.map((hj, j) => {
          const r = sig(xw(j) + hu(j));
          const z = sig(xw(H + j) + hu(H + j));
          const n = Math.tanh(xw(2 * H + j) + r * hu(2 * H + j));
          return (1 - z) * n + z * hj;
        });
        want[bi].push(h);
      }
    }
    const got = out.sequence.arraySync() as number[][][];
    want.flat(2).forEach((v, i) => expect(got.flat(2)[i]).toBeCloseTo(v, 5));
    expect(Array.from(out.h.dataSync())).toEqual(Array.from(tf.squeeze(tf.slice(out.sequence, [0, T - 1, 0], [B, 1, H]), [1]).dataSync()));
  });

  for (const cell of ['simple', 'lstm', 'gru'] as const) {
    it(`${cell}: incremental steps with a cache give the same numbers as the whole sequence`, () => {
      const raw = { cell, units: 3 };
      const x = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 21);
      const h0 = tf.randomNormal([2, 3], 0, 1, 'float32', 22);
      const w = randomWeights(infer(rnn, raw, { x: float([2, 5, 4]) }).weights, 9);
      const full = run(rnn, raw, { x, h0 }, w);

      const cache = memoryCache();
      const seq: tf.Tensor[] = [];
      let last: Record<string, tf.Tensor> = {};
      // A prefix of 2 steps, then one token at a time; h0 is only read while the cache is empty.
      for (const [start, len] of [[0, 2], [2, 1], [3, 1], [4, 1]]) {
        cache.offset = start;
        last = run(rnn, raw, { x: tf.slice(x, [0, start, 0], [2, len, 4]), h0 }, w, { cache });
        seq.push(last.sequence);
      }
      const stitched = tf.concat(seq, 1);
      expect(stitched.shape).toEqual(full.sequence.shape);
      const a = stitched.dataSync();
      const bFull = full.sequence.dataSync();
      a.forEach((v, i) => expect(v).toBeCloseTo(bFull[i], 5));
      full.h.dataSync().forEach((v, i) => expect(last.h.dataSync()[i]).toBeCloseTo(v, 5));
      expect(cache.store.has('c')).toBe(cell === 'lstm');
      if (cell === 'lstm') full.c.dataSync().forEach((v, i) => expect(cache.store.get('c')!.dataSync()[i]).toBeCloseTo(v, 5));
    });
  }

  it('starts from zeros without h0, and from h0 when given', () => {
    const raw = { cell: 'simple', units: 2 };
    const x = tf.zeros([1, 1, 2]);
    const w = { kernel: tf.zeros([2, 2]), recurrentKernel: tf.eye(2), bias: tf.zeros([2]) };
    expect(Array.from(run(rnn, raw, { x }, w).h.dataSync())).toEqual([0, 0]);
    const h = run(rnn, raw, { x, h0: tf.tensor2d([[0.5, -0.5]]) }, w).h.dataSync();
    expect(h[0]).toBeCloseTo(Math.tanh(0.5), 6);
    expect(h[1]).toBeCloseTo(Math.tanh(-0.5), 6);
  });
});

describe('rnn gradients', () => {
  for (const cell of ['simple', 'lstm', 'gru'] as const) {
    it(`${cell}: autodiff gradients match finite differences (weights, x, h0)`, () => {
      const raw = { cell, units: 3 };
      const x = tf.randomNormal([2, 3, 2], 0, 1, 'float32', 31);
      const h0 = tf.randomNormal([2, 3], 0, 0.5, 'float32', 32);
      const inputs: Record<string, tf.Tensor> = { x, h0 };
      if (cell === 'lstm') inputs.c0 = tf.randomNormal([2, 3], 0, 0.5, 'float32', 33);
      const w = randomWeights(infer(rnn, raw, { x: float([2, 3, 2]) }).weights, 3);
      expect(gradCheck(rnn, raw, inputs, w, { output: 'sequence' })).toBeLessThan(2e-2);
      if (cell === 'lstm') expect(gradCheck(rnn, raw, inputs, w, { output: 'c' })).toBeLessThan(2e-2);
    });
  }
});
