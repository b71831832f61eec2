import { beforeAll, describe, expect, it } from 'vitest';
import ce from './cross-entropy';
import { float, int } from './api';
import { expectClose, gradCheck, infer, loadReference, refTensor, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

const ref = loadReference('cross-entropy');
const logits = () => refTensor(ref.inputs.logits);
const targets = () => refTensor(ref.inputs.targets); // int32, as the case marks it

/** Independent scalar-loop cross-entropy with torch's label smoothing. */
function naive(l: number[][], y: number[], eps: number): number {
  let total = 0;
  l.forEach((row, n) => {
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    const logp = row.map((v) => v - lse);
    total += -(1 - eps) * logp[y[n]] - (eps / row.length) * logp.reduce((s, v) => s + v, 0);
  });
  return total / l.length;
}

describe('cross-entropy', () => {
  it('infers a scalar loss port for logits [..., V] and targets [...]', () => {
    expect(infer(ce, {}, { logits: float(['B', 'T', 65]), targets: int(['B', 'T'], 65) }).outputs).toEqual({ loss: float([]) });
    expect(infer(ce, {}, { logits: float([16, 10]), targets: int(['B']) }).outputs.loss.shape).toEqual([]);
    expect(ce.lossPorts).toEqual(['loss']);
  });

  it('names both shapes when targets do not match the leading dims of logits', () => {
    expect(() => infer(ce, {}, { logits: float([2, 4, 7]), targets: int([2, 5]) }, 'ce')).toThrow(
      'cross-entropy "ce": input targets has shape [2, 5] but logits [2, 4, 7] expects targets of shape [2, 4]',
    );
    expect(() => infer(ce, {}, { logits: float(['B', 4, 7]), targets: int(['B', 4, 7]) })).toThrow(
      /targets has shape \[B, 4, 7\] but logits \[B, 4, 7\] expects targets of shape \[B, 4\]/,
    );
  });

  it('refuses targets from a larger vocabulary than the logits, and float targets', () => {
    expect(() => infer(ce, {}, { logits: float(['B', 'T', 60]), targets: int(['B', 'T'], 65) }, 'ce')).toThrow(
      'cross-entropy "ce": input targets has V=65 but logits expects at most V=60',
    );
    expect(() => infer(ce, {}, { logits: float(['B', 'T', 70]), targets: int(['B', 'T'], 65) })).not.toThrow();
    expect(() => infer(ce, {}, { logits: float([2, 7]), targets: float([2]) })).toThrow(/targets must hold integer ids/);
  });

  it('matches the reference case', () => {
    const got = run(ce, ref.params, { logits: logits(), targets: targets() }, {}).loss;
    expect(got.shape).toEqual([]);
    expectClose(got, ref.outputs.loss, ref.tolerance);
  });

  it('applies label smoothing as (1−ε)·one-hot + ε/V', () => {
    const V = ref.inputs.logits.shape[2];
    const rows = tf.reshape(logits(), [-1, V]).arraySync() as number[][];
    const ys = Array.from(targets().dataSync());
    expect(run(ce, { labelSmoothing: 0.1 }, { logits: logits(), targets: targets() }, {}).loss.dataSync()[0]).toBeCloseTo(naive(rows, ys, 0.1), 5);
    expect(run(ce, {}, { logits: logits(), targets: targets() }, {}).loss.dataSync()[0]).toBeCloseTo(naive(rows, ys, 0), 5);
  });

  it('stays finite and exact for huge logits', () => {
    const l = tf.tensor2d([[1000, 0, -1000], [0, 2000, 0]]);
    const loss = run(ce, {}, { logits: l, targets: tf.tensor1d([1, 1], 'int32') }, {}).loss.dataSync()[0];
    expect(loss).toBeCloseTo(500, 3); // row 0: 1000; row 1: 0
  });

  it('autodiff gradient matches finite differences', () => {
    const inputs = { logits: logits(), targets: targets() };
    expect(gradCheck(ce, { labelSmoothing: 0.1 }, inputs, {})).toBeLessThan(2e-2);
  });
});
