import { beforeAll, describe, expect, it } from 'vitest';
import reshape from './reshape';
import { float, int } from './api';
import { gradCheck, infer, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

const shapeOf = (target: number[], x: (number | string)[]) => infer(reshape, { shape: target }, { x: float(x) }).outputs.y.shape;

describe('reshape', () => {
  it('keeps the batch axis and fills in -1', () => {
    expect(shapeOf([8, 8], ['B', 64])).toEqual(['B', 8, 8]);
    expect(shapeOf([-1], ['B', 4, 16])).toEqual(['B', 64]);
    expect(shapeOf([4, -1], ['B', 2, 8])).toEqual(['B', 4, 4]);
  });

  it('carries symbolic sizes into -1', () => {
    expect(shapeOf([-1, 8], ['B', 'T', 64])).toEqual(['B', 'T·8', 8]);
    expect(shapeOf([-1, 64], ['B', 'T', 64])).toEqual(['B', 'T', 64]);
    expect(shapeOf([-1, 3], ['B', 'T', 4])).toEqual(['B', 'T·4/3', 3]);
    expect(shapeOf([16, 4], ['B', 'T', 64])).toEqual(['B', 16, 4]); // checked at run time
  });

  it('keeps dtype and vocabulary of token tensors', () => {
    expect(infer(reshape, { shape: [-1] }, { x: int(['B', 2, 3], 9) }).outputs.y).toEqual(int(['B', 6], 9));
  });

  it('names the element counts when they disagree', () => {
    expect(() => infer(reshape, { shape: [5, 5] }, { x: float(['B', 4, 6]) }, 'r1')).toThrow(
      'reshape "r1": input x has 24 elements per batch item (shape [B, 4, 6]) but param shape [5, 5] holds 25',
    );
    expect(() => infer(reshape, { shape: [-1, 5] }, { x: float(['B', 24]) })).toThrow(/param shape \[-1, 5\] needs a multiple of 5/);
    expect(() => infer(reshape, { shape: [-1, -1] }, { x: float(['B', 24]) })).toThrow(/may contain at most one -1/);
  });

  it('reshapes values row-major and checks counts at run time too', () => {
    const y = run(reshape, { shape: [2, -1] }, { x: tf.tensor2d([[1, 2, 3, 4]]) }, {}).y;
    expect(y.arraySync()).toEqual([[[1, 2], [3, 4]]]);
    expect(() => run(reshape, { shape: [3] }, { x: tf.tensor2d([[1, 2, 3, 4]]) }, {})).toThrow(
      /reshape "n1": input x has 4 elements per batch item \(shape \[1, 4\]\) but param shape \[3\] does not fit them/,
    );
  });

  it('autodiff gradients match finite differences', () => {
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1);
    expect(gradCheck(reshape, { shape: [4, 3] }, { x }, {})).toBeLessThan(1e-2);
  });
});
