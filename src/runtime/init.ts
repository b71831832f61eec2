// Initial weight values from a WeightSpec, seeded per weight name so adding a node does not
// change the initial values of the others.
import type { WeightSpec } from '../../nodes/api';
import { tf } from '../../nodes/tf';
import { hashSeed } from './random';

export function initialValue(spec: WeightSpec, seed: number, key: string): tf.Tensor {
  const s = hashSeed(seed, key) % 2 ** 31;
  const { shape, init } = spec;
  if (init === 'zeros') return tf.zeros(shape);
  if (init === 'ones') return tf.ones(shape);
  if (init === 'glorot') {
    const fanOut = shape[shape.length - 1] ?? 1;
    const fanIn = shape.length > 1 ? shape.slice(0, -1).reduce((a, b) => a * b, 1) : fanOut;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return tf.randomUniform(shape, -limit, limit, 'float32', s);
  }
  if ('normal' in init) return tf.randomNormal(shape, 0, init.normal, 'float32', s);
  if ('uniform' in init) return tf.randomUniform(shape, init.uniform[0], init.uniform[1], 'float32', s);
  return tf.fill(shape, init.constant);
}
