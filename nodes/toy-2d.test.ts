import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import toy2d, { openToy2d } from './toy-2d';
import { float } from './api';
import { mulberry32 } from './data/random';
import { SINE_GAP, SINE_RANGE, toyPoints } from './data/toy2d';
import { infer, params, run, useCpu } from './testkit';

beforeAll(useCpu);

const open = (raw: Record<string, unknown>) => openToy2d(params(toy2d, raw));

describe('toy-2d', () => {
  it('infers x [B, 1] for sine and [B, 2] for moons and spirals; y is [B, 1]', () => {
    expect(infer(toy2d, { dataset: 'sine' }, {}).outputs).toEqual({ x: float(['B', 1]), y: float(['B', 1]) });
    expect(infer(toy2d, { dataset: 'moons' }, {}).outputs).toEqual({ x: float(['B', 2]), y: float(['B', 1]) });
    expect(infer(toy2d, { dataset: 'spirals' }, {}).outputs).toEqual({ x: float(['B', 2]), y: float(['B', 1]) });
  });

  it('builds float batches of the asked size; forward passes them through', () => {
    const b = open({ dataset: 'moons' }).batch('train', 7, mulberry32(1));
    expect(b.x.shape).toEqual([7, 2]);
    expect(b.y.shape).toEqual([7, 1]);
    expect(b.x.dtype).toBe('float32');
    expect(run(toy2d, {}, b, {})).toEqual(b);
  });

  it('sine: y = sin(x) + noise, and no x falls in the gap', () => {
    const { x, y } = toyPoints('sine', 2000, 0, 1);
    for (let i = 0; i < 2000; i++) {
      expect(x[i] >= SINE_RANGE[0] && x[i] <= SINE_RANGE[1]).toBe(true);
      expect(x[i] > SINE_GAP[0] && x[i] < SINE_GAP[1]).toBe(false);
      expect(y[i]).toBeCloseTo(Math.sin(x[i]), 5);
    }
    const noisy = toyPoints('sine', 2000, 0.3, 1);
    let sq = 0;
    for (let i = 0; i < 2000; i++) sq += (noisy.y[i] - Math.sin(noisy.x[i])) ** 2;
    expect(Math.sqrt(sq / 2000)).toBeCloseTo(0.3, 1);
    // Both sides of the gap are covered.
    expect(Array.from(x).some((v) => v < SINE_GAP[0]) && Array.from(x).some((v) => v > SINE_GAP[1])).toBe(true);
  });

  it('moons and spirals: balanced 0/1 labels; without noise the classes lie on their curves', () => {
    for (const dataset of ['moons', 'spirals'] as const) {
      const { x, y } = toyPoints(dataset, 400, 0, 1);
      expect(Array.from(y).filter((v) => v === 1)).toHaveLength(200);
      expect(Array.from(y).every((v) => v === 0 || v === 1)).toBe(true);
      for (let i = 0; i < 400; i++) {
        const [px, py] = [x[2 * i], x[2 * i + 1]];
        if (dataset === 'moons') {
          // Unit half circles around (−0.5, −0.25) (upper) and (0.5, 0.25) (lower).
          const [cx, cy] = y[i] === 0 ? [-0.5, -0.25] : [0.5, 0.25];
          expect(Math.hypot(px - cx, py - cy)).toBeCloseTo(1, 4);
          expect(y[i] === 0 ? py >= cy - 1e-6 : py <= cy + 1e-6).toBe(true);
        } else {
          // radius = 2t/3π and angle = t + class·π.
          const radius = Math.hypot(px, py);
          const t = (radius * 3 * Math.PI) / 2;
          const angle = t + y[i] * Math.PI;
          expect(px).toBeCloseTo(radius * Math.cos(angle), 4);
          expect(py).toBeCloseTo(radius * Math.sin(angle), 4);
        }
      }
    }
  });

  it('is deterministic for a seed and rand; the seed changes the points', () => {
    const a = open({ dataset: 'spirals', seed: 2 }).batch('train', 5, mulberry32(1)).x.dataSync();
    expect(open({ dataset: 'spirals', seed: 2 }).batch('train', 5, mulberry32(1)).x.dataSync()).toEqual(a);
    expect(open({ dataset: 'spirals', seed: 3 }).batch('train', 5, mulberry32(1)).x.dataSync()).not.toEqual(a);
  });

  it('train and held-out points are disjoint (held-out = the last valFraction of N)', () => {
    const data = open({ dataset: 'sine', N: 100, valFraction: 0.2 });
    const seen = (split: 'train' | 'val') => new Set(data.batch(split, 1000, mulberry32(4)).x.dataSync());
    const train = seen('train');
    const val = seen('val');
    expect(train.size).toBe(80);
    expect(val.size).toBe(20);
    expect([...val].filter((v) => train.has(v))).toEqual([]);
  });

  it('has a formula KaTeX can render', () => {
    expect(() => katex.renderToString(toy2d.formula, { throwOnError: true })).not.toThrow();
  });
});
