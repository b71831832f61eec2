import { defineNode, float, p, tf } from './api';

/** Elementwise KL(N(mu, σ²) ‖ N(0, 1)) with σ² = exp(logVar), in closed form. */
function klToStandardNormal(mu: tf.Tensor, logVar: tf.Tensor): tf.Tensor {
  return tf.mul(0.5, tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), tf.add(1, logVar)));
}

export default defineNode<{ mode: 'sample' | 'mean' }>({
  type: 'gaussian-sampler',
  title: 'Gaussian sampler',
  category: 'variational',
  description:
    'The reparameterised sample of a VAE: z = mu + σ·ε with σ = exp(logVar/2) and ε ~ N(0, 1), so gradients reach mu and logVar. ' +
    'Training always samples; at inference mode "mean" returns z = mu. ' +
    'kl is the batch mean of the KL divergence to the standard normal, summed over every axis but the batch; feed it to a kl-loss.',
  formula: 'z = \\mu + e^{\\log\\sigma^2/2}\\,\\varepsilon,\\quad \\mathrm{kl} = \\tfrac1B\\sum_b\\sum_j \\tfrac12\\left(\\mu^2 + \\sigma^2 - 1 - \\log\\sigma^2\\right)',
  params: {
    mode: p.select(['sample', 'mean'] as const, 'sample', {
      label: 'at inference',
      help: 'sample: draw z as in training; mean: z = mu (deterministic)',
    }),
  },
  inputs: [
    { name: 'mu', kind: 'tensor', description: '[B, Z] posterior mean' },
    { name: 'logVar', kind: 'tensor', description: '[B, Z] posterior log-variance' },
  ],
  outputs: [
    { name: 'z', kind: 'tensor', description: '[B, Z] sample' },
    { name: 'kl', kind: 'scalar', description: 'batch mean of Σ_j KL(N(mu, σ²) ‖ N(0, 1))' },
  ],
  infer(ctx) {
    const mu = ctx.need('mu');
    const logVar = ctx.need('logVar');
    ctx.rank('mu', mu, [2, 4], 'B, Z');
    if (logVar.shape.length !== mu.shape.length)
      ctx.fail('logVar', `input logVar has rank ${logVar.shape.length} but input mu has rank ${mu.shape.length}; they must have one shape`);
    mu.shape.forEach((d, axis) => ctx.same('logVar', logVar.shape[axis], 'input mu', d, axis === 0 ? 'B' : `axis ${axis}`));
    // A known size wins over a symbolic one, so the output says as much as either input.
    const shape = mu.shape.map((d, axis) => (typeof d === 'number' ? d : logVar.shape[axis]));
    return { z: float(shape), kl: float([]) };
  },
  forward({ inputs, params, training, noise }) {
    const mu = inputs.mu!;
    const logVar = inputs.logVar!;
    const perRow = tf.sum(tf.reshape(klToStandardNormal(mu, logVar), [mu.shape[0], -1]), 1);
    const kl = tf.mean(perRow);
    if (!training && params.mode === 'mean') return { z: mu, kl };
    const eps = noise.normal('eps', mu.shape);
    return { z: tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)), kl };
  },
});
