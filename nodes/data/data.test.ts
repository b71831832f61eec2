import { describe, expect, it } from 'vitest';
import { LruCache, paramsKey } from './cache';
import { hashString, mulberry32, normal, randInt, seeded, shuffle } from './random';
import { splitSizes } from './source';

describe('seeded randomness', () => {
  it('mulberry32 repeats for a seed, differs between seeds, and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(mulberry32(43)()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 1);
  });

  it('named streams are independent of each other', () => {
    expect(seeded(1, 'a')()).not.toBe(seeded(1, 'b')());
    expect(seeded(1, 'a', 3)()).toBe(seeded(1, 'a', 3)());
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(hashString('abc')).not.toBe(hashString('abd'));
  });

  it('randInt covers both ends; normal has mean 0 and std 1; shuffle permutes', () => {
    const r = mulberry32(1);
    const ints = new Set(Array.from({ length: 200 }, () => randInt(r, 3, 6)));
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
    const zs = Array.from({ length: 20000 }, () => normal(r));
    const m = zs.reduce((s, z) => s + z, 0) / zs.length;
    const v = zs.reduce((s, z) => s + (z - m) ** 2, 0) / zs.length;
    expect(m).toBeCloseTo(0, 1);
    expect(Math.sqrt(v)).toBeCloseTo(1, 1);
    const items = Array.from({ length: 50 }, (_, i) => i);
    const mixed = shuffle(r, [...items]);
    expect(mixed).not.toEqual(items);
    expect([...mixed].sort((x, y) => x - y)).toEqual(items);
  });
});

describe('data plumbing', () => {
  it('LruCache keeps the most recently used entries', () => {
    const c = new LruCache<number>(2);
    let made = 0;
    const get = (k: string) => c.get(k, () => ++made);
    expect([get('a'), get('b'), get('a')]).toEqual([1, 2, 1]);
    get('c'); // evicts b, the least recently used
    expect(get('a')).toBe(1);
    expect(get('b')).toBe(4);
    expect(c.size).toBe(2);
  });

  it('paramsKey ignores key order and tells long texts apart without holding them', () => {
    expect(paramsKey({ a: 1, b: 'x' })).toBe(paramsKey({ b: 'x', a: 1 }));
    const long = 'word '.repeat(100_000);
    const key = paramsKey({ text: long });
    expect(key.length).toBeLessThan(100);
    expect(paramsKey({ text: long.slice(0, -1) + '!' })).not.toBe(key);
    expect(paramsKey({ text: long })).toBe(key);
  });

  it('splitSizes holds out the tail fraction, at least one item on each side', () => {
    expect(splitSizes(100, 0.1)).toEqual({ train: 90, val: 10 });
    expect(splitSizes(5, 0.01)).toEqual({ train: 4, val: 1 });
    expect(splitSizes(2, 0.5)).toEqual({ train: 1, val: 1 });
  });
});
