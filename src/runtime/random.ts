// Seeded randomness: one stream per purpose, derived from the run's seed, so a shared graph
// plus its seed reproduces the same initial weights, batches and noise.
import type { NoiseSource } from '../../nodes/api';
import { mulberry32 } from '../../nodes/data/random';
import { tf } from '../../nodes/tf';

export { mulberry32 };

/** FNV-1a of a string mixed with a seed: a stable seed per weight name or purpose. */
export function hashSeed(seed: number, text: string): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** Noise for nodes: each call draws a fresh seed from the stream, tfjs makes the values. */
export function seededNoise(seed: number): NoiseSource {
  const next = mulberry32(hashSeed(seed, 'noise'));
  const draw = () => Math.floor(next() * 2 ** 31);
  return {
    normal: (_key, shape) => tf.randomNormal(shape, 0, 1, 'float32', draw()),
    uniform: (_key, shape) => tf.randomUniform(shape, 0, 1, 'float32', draw()),
  };
}
