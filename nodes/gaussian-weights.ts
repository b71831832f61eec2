import { defineNode, float, p, tf, type WeightSpec } from './api';

type Params = { shape: number[]; priorMu: number; priorSigma: number };

/**
 * Elementwise KL(N(mu, σ²) ‖ N(m, s²)) in closed form:
 * log(s/σ) + (σ² + (mu − m)²) / (2s²) − 1/2.
 */
function klGaussians(mu: tf.Tensor, sigma: tf.Tensor, priorMu: tf.Tensor, priorSigma: tf.Tensor): tf.Tensor {
  const logRatio = tf.sub(tf.log(priorSigma), tf.log(sigma));
  const spread = tf.div(tf.add(tf.square(sigma), tf.square(tf.sub(mu, priorMu))), tf.mul(2, tf.square(priorSigma)));
  return tf.sub(tf.add(logRatio, spread), 0.5);
}

export default defineNode<Params>({
  type: 'gaussian-weights',
  title: 'Gaussian weights',
  category: 'variational',
  description:
    'A Bayesian weight matrix (Bayes by backprop): every weight has a Gaussian posterior N(μ, σ²) with σ = softplus(ρ), ' +
    'and every forward pass, in training and at inference, draws fresh weights w = μ + σ·ε. Feed w to the kernel input of a dense node. ' +
    'kl is the KL divergence of the posterior from the prior, summed over all weights; feed it to a kl-loss. ' +
    'The prior (priorMu, priorSigma) is kept per weight as non-trainable state, initialised from the params; ' +
    'replacing it with the current posterior makes the posterior the new prior for training on new data.',
  formula: 'w = \\mu + \\log(1 + e^{\\rho})\\,\\varepsilon,\\quad \\mathrm{kl} = \\textstyle\\sum \\mathrm{KL}\\big(\\mathcal N(\\mu,\\sigma^2)\\,\\|\\,\\mathcal N(\\mu_0,\\sigma_0^2)\\big)',
  params: {
    shape: p.shape([64, 64], 2, 65536, { label: 'shape [in, out]' }),
    priorMu: p.number(0, -100, 100, { label: 'prior μ₀', step: 0.1 }),
    priorSigma: p.number(1, 1e-4, 100, { label: 'prior σ₀', step: 0.1 }),
  },
  inputs: [],
  outputs: [
    { name: 'w', kind: 'tensor', description: '[in, out] sampled weights' },
    { name: 'kl', kind: 'scalar', description: 'Σ KL(posterior ‖ prior) over all weights' },
  ],
  infer(ctx) {
    return { w: float([...ctx.params.shape]), kl: float([]) };
  },
  weights(ctx) {
    const { shape, priorMu, priorSigma } = ctx.params;
    const specs: Record<string, WeightSpec> = {
      mu: { shape: [...shape], init: { normal: 0.1 } },
      // softplus(−3) ≈ 0.049: start with small noise so early training is not swamped by it.
      rho: { shape: [...shape], init: { constant: -3 } },
      priorMu: { shape: [...shape], init: { constant: priorMu }, trainable: false },
      priorSigma: { shape: [...shape], init: { constant: priorSigma }, trainable: false },
    };
    return specs;
  },
  forward({ weights, params, noise }) {
    const { mu, rho } = weights;
    const sigma = tf.softplus(rho);
    const eps = noise.normal('eps', mu.shape);
    // The prior state is normally present; a case or a weight file that carries only mu and
    // rho falls back to the prior the params describe.
    const priorMu = weights.priorMu ?? tf.scalar(params.priorMu);
    const priorSigma = weights.priorSigma ?? tf.scalar(params.priorSigma);
    return {
      w: tf.add(mu, tf.mul(sigma, eps)),
      kl: tf.sum(klGaussians(mu, sigma, priorMu, priorSigma)),
    };
  },
});
