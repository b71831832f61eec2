// Small low-dimensional data sets for regression and classification demos, seeded. Exported
// on their own so a panel can plot every point (the node only hands out batches).
import { normal, seeded, uniform } from './random';

export type ToyDataset = 'sine' | 'moons' | 'spirals';

/**
 * sine: x is drawn from SINE_RANGE minus SINE_GAP. No training point falls in the gap, so a
 * Bayesian model's uncertainty visibly widens there.
 */
export const SINE_RANGE: [number, number] = [-6, 6];
export const SINE_GAP: [number, number] = [-1.5, 1.5];

export interface ToyPoints {
  /** Input width: 1 for sine, 2 for moons and spirals. */
  dim: number;
  /** n × dim inputs, row-major. */
  x: Float32Array;
  /** n targets: sin(x) + noise, or the class (0 or 1) as a float. */
  y: Float32Array;
}

export function toyPoints(dataset: ToyDataset, n: number, noise: number, seed: number): ToyPoints {
  const r = seeded(seed, 'toy-2d', dataset);
  const dim = dataset === 'sine' ? 1 : 2;
  const x = new Float32Array(n * dim);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (dataset === 'sine') {
      const [lo, hi] = SINE_RANGE;
      const [gapLo, gapHi] = SINE_GAP;
      const left = gapLo - lo;
      const u = uniform(r, 0, left + (hi - gapHi));
      const xi = u < left ? lo + u : gapHi + (u - left);
      x[i] = xi;
      y[i] = Math.sin(xi) + noise * normal(r);
      continue;
    }
    const cls = i % 2; // alternate classes so every split is balanced
    let px: number;
    let py: number;
    if (dataset === 'moons') {
      // Two interleaved half circles, centred on the origin.
      const t = uniform(r, 0, Math.PI);
      px = cls === 0 ? Math.cos(t) - 0.5 : 0.5 - Math.cos(t);
      py = cls === 0 ? Math.sin(t) - 0.25 : 0.25 - Math.sin(t);
    } else {
      // Two spirals of 1.5 turns, the second rotated by half a turn; radius up to 2.
      const t = Math.sqrt(r()) * 3 * Math.PI;
      const radius = (2 * t) / (3 * Math.PI);
      px = radius * Math.cos(t + cls * Math.PI);
      py = radius * Math.sin(t + cls * Math.PI);
    }
    x[2 * i] = px + noise * normal(r);
    x[2 * i + 1] = py + noise * normal(r);
    y[i] = cls;
  }
  return { dim, x, y };
}
