import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import imageSet, { openImageSet } from './image-set';
import { float, int } from './api';
import { digitImage } from './data/digits';
import { mulberry32 } from './data/random';
import { infer, nearestCentroidAccuracy, params, run, useCpu } from './testkit';

beforeAll(useCpu);

const open = (raw: Record<string, unknown>) => openImageSet(params(imageSet, raw));

describe('image-set', () => {
  it('infers images [B, size²] float and labels [B] int over 10 classes', () => {
    expect(infer(imageSet, {}, {}).outputs).toEqual({ images: float(['B', 256]), labels: int(['B'], 10) });
    expect(infer(imageSet, { size: 8 }, {}).outputs.images.shape).toEqual(['B', 64]);
  });

  it('builds batches of pixels in [0, 1] with labels 0–9; forward passes them through', () => {
    const b = open({ size: 8 }).batch('train', 20, mulberry32(1));
    expect(b.images.shape).toEqual([20, 64]);
    expect(b.images.dtype).toBe('float32');
    expect(b.labels.shape).toEqual([20]);
    expect(b.labels.dtype).toBe('int32');
    const px = b.images.dataSync();
    expect(Math.min(...px)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...px)).toBeLessThanOrEqual(1);
    expect(Math.max(...px)).toBeGreaterThan(0.9); // ink is drawn
    for (const l of b.labels.dataSync()) expect(l >= 0 && l <= 9).toBe(true);
    expect(run(imageSet, {}, b, {})).toEqual(b);
  });

  it('is deterministic for a seed and rand; the seed changes the images', () => {
    const a = open({ seed: 3 }).batch('train', 4, mulberry32(1)).images.dataSync();
    expect(open({ seed: 3 }).batch('train', 4, mulberry32(1)).images.dataSync()).toEqual(a);
    expect(open({ seed: 4 }).batch('train', 4, mulberry32(1)).images.dataSync()).not.toEqual(a);
    expect(digitImage(1, 16, 5).image).toEqual(digitImage(1, 16, 5).image);
  });

  it('train and held-out images are disjoint (held-out = the last valFraction)', () => {
    const data = open({ size: 8, count: 50, valFraction: 0.2 });
    const seen = (split: 'train' | 'val') => {
      const b = data.batch(split, 400, mulberry32(2));
      const px = b.images.arraySync() as number[][];
      return new Set(px.map((row) => row.join(',')));
    };
    const train = seen('train');
    const val = seen('val');
    expect(train.size).toBe(40);
    expect(val.size).toBe(10);
    expect([...val].filter((x) => train.has(x))).toEqual([]);
  });

  it('digits are told apart by a nearest-centroid classifier (the classes differ)', () => {
    const size = 16;
    const accuracy = nearestCentroidAccuracy((i) => digitImage(1, size, i), size * size, 400, 200);
    // Chance is 10%; a template mix-up (two digits drawn alike) would pull this far down.
    expect(accuracy).toBeGreaterThan(0.8);
  });

  it('refuses an unknown set or size', () => {
    expect(() => params(imageSet, { set: 'cifar-10' })).toThrow(/param set must be one of digits, mnist/);
    expect(() => params(imageSet, { size: 4 })).toThrow(/param size must be between 8 and 32/);
  });

  it('has a formula KaTeX can render', () => {
    expect(() => katex.renderToString(imageSet.formula, { throwOnError: true })).not.toThrow();
  });
});
