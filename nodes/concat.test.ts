import { beforeAll, describe, expect, it } from 'vitest';
import concat from './concat';
import { float, int } from './api';
import { gradCheck, infer, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

describe('concat', () => {
  it('sums the sizes along the axis, symbolically when needed', () => {
    expect(infer(concat, {}, { a: float(['B', 'T', 3]), b: float(['B', 'T', 5]) }).outputs.y).toEqual(float(['B', 'T', 8]));
    expect(infer(concat, { axis: 1 }, { a: float(['B', 'S', 4]), b: float([2, 'T', 4]) }).outputs.y).toEqual(float([2, 'S+T', 4]));
    expect(infer(concat, { axis: -2 }, { a: float([2, 3, 4]), b: float([2, 'T', 4]), c: float([2, 1, 4]) }).outputs.y).toEqual(
      float([2, 'T+4', 4]),
    );
    expect(infer(concat, { axis: 0 }, { a: float([2, 4]), b: float([3, 4]), c: float([1, 4]), d: float([4, 4]) }).outputs.y).toEqual(
      float([10, 4]),
    );
  });

  it('keeps token dtype and the widest vocabulary', () => {
    expect(infer(concat, { axis: 1 }, { a: int(['B', 3], 10), b: int(['B', 2], 12) }).outputs.y).toEqual(int(['B', 5], 12));
    expect(() => infer(concat, {}, { a: int(['B', 3]), b: float(['B', 2]) })).toThrow(/input b holds float32 but input a holds int32/);
  });

  it('names the port, the axis and both sizes when another axis disagrees', () => {
    expect(() => infer(concat, {}, { a: float(['B', 4, 3]), b: float(['B', 5, 3]) }, 'c1')).toThrow(
      'concat "c1": input b has axis 1=5 but input a expects axis 1=4',
    );
    expect(() => infer(concat, {}, { a: float([2, 4, 3]), b: float([2, 4, 3]), d: float([3, 4, 3]) })).toThrow(
      /input d has axis 0=3 but input a expects axis 0=2/,
    );
    expect(() => infer(concat, {}, { a: float([2, 4, 3]), b: float([2, 3]) })).toThrow(/input b has rank 2 but input a has rank 3/);
    expect(() => infer(concat, { axis: 3 }, { a: float([2, 4, 3]), b: float([2, 4, 3]) })).toThrow(
      /param axis=3 is outside input a of rank 3/,
    );
    expect(() => infer(concat, {}, { a: float([2, 3]) })).toThrow(/required input b is not connected/);
  });

  it('joins the connected inputs in port order', () => {
    const y = run(concat, {}, { a: tf.tensor2d([[1], [2]]), b: tf.tensor2d([[3], [4]]), d: tf.tensor2d([[5], [6]]) }, {}).y;
    expect(y.arraySync()).toEqual([[1, 3, 5], [2, 4, 6]]);
  });

  it('autodiff gradients match finite differences', () => {
    const a = tf.randomNormal([2, 3, 2], 0, 1, 'float32', 1);
    const b = tf.randomNormal([2, 1, 2], 0, 1, 'float32', 2);
    expect(gradCheck(concat, { axis: 1 }, { a, b }, {})).toBeLessThan(1e-2);
  });
});
