import { defineNode, p, tf } from './api';

export default defineNode<{ rate: number }>({
  type: 'dropout',
  title: 'Dropout',
  category: 'layers',
  description:
    'In training, zeroes each element with probability rate and scales the survivors by 1/(1−rate) (inverted dropout), ' +
    'so the expected value is unchanged and inference needs no rescaling. Identity when not training.',
  formula: 'y = \\frac{m \\odot x}{1 - r},\\quad m_i = [u_i \\ge r],\\ u_i \\sim U[0,1)',
  params: {
    rate: p.number(0.1, 0, 0.95, { label: 'rate r', step: 0.05 }),
  },
  inputs: [{ name: 'x', kind: 'tensor' }],
  outputs: [{ name: 'y', kind: 'tensor', description: 'same shape as x' }],
  incremental: 'positionwise',
  infer(ctx) {
    const x = ctx.need('x');
    if (x.dtype !== 'float32') ctx.fail('x', 'input x must hold float activations, got integer ids');
    return { y: { shape: [...x.shape], dtype: 'float32' } };
  },
  forward({ inputs, params, training, noise }) {
    const x = inputs.x!;
    if (!training || params.rate === 0) return { y: x };
    const keep = tf.cast(tf.greaterEqual(noise.uniform('mask', x.shape), params.rate), 'float32');
    return { y: tf.mul(x, tf.mul(keep, 1 / (1 - params.rate))) };
  },
});
