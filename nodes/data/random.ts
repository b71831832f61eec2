// Seeded randomness for the built-in data sets. Every generator here takes its randomness from
// a `Rand` built by `seeded`, so the same params (and seed) always give the same data.

/** Uniform [0, 1) values. */
export type Rand = () => number;

/** mulberry32: a tiny 32-bit PRNG; good enough for data generation, fast, and seedable. */
export function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a hash of a string, to derive independent seeds from names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A generator for one named stream under a seed, e.g. seeded(1, 'digits', 42) for image 42:
 * streams with different names never share a sequence, so adding one does not shift another.
 */
export function seeded(seed: number, ...names: (string | number)[]): Rand {
  return mulberry32(hashString(`${seed}|${names.join('|')}`));
}

/** Integer in [lo, hi] (both inclusive). */
export function randInt(rand: Rand, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** Uniform float in [lo, hi). */
export function uniform(rand: Rand, lo: number, hi: number): number {
  return lo + (hi - lo) * rand();
}

export function pick<T>(rand: Rand, items: ArrayLike<T>): T {
  return items[Math.floor(rand() * items.length)];
}

/** Standard normal by Box–Muller (1 − u keeps log away from 0). */
export function normal(rand: Rand): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Fisher–Yates shuffle in place; returns the same array. */
export function shuffle<T>(rand: Rand, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
