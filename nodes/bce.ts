import { checkSameShape, defineNode, float, tf } from './api';

/**
 * Probabilities are clipped to [CLIP, 1 − CLIP] before the logs, so a prediction of exactly
 * 0 or 1 gives a large finite loss instead of ∞/NaN. 1e-7 is the smallest margin whose
 * complement 1 − 1e-7 is still distinct from 1 in float32.
 */
const CLIP = 1e-7;

export default defineNode<Record<string, never>>({
  type: 'bce',
  title: 'Binary cross-entropy',
  category: 'losses',
  description:
    'Binary cross-entropy of predicted probabilities (e.g. after a sigmoid) against targets in [0, 1] (soft targets such as pixel intensities work), ' +
    'averaged over every element. The prediction is clipped to [1e-7, 1 − 1e-7] so the logs stay finite; ' +
    'outside that range the gradient is zero.',
  formula: '\\mathcal L = -\\frac1N \\sum_i \\big[y_i \\log \\hat p_i + (1-y_i)\\log(1-\\hat p_i)\\big],\\quad \\hat p = \\mathrm{clip}(p, 10^{-7}, 1-10^{-7})',
  params: {},
  inputs: [
    { name: 'prediction', kind: 'tensor', description: '[...] probabilities in (0, 1)' },
    { name: 'target', kind: 'tensor', description: '[...] same shape, values in [0, 1]' },
  ],
  outputs: [{ name: 'loss', kind: 'scalar', description: 'mean over every element' }],
  lossPorts: ['loss'],
  infer(ctx) {
    const pred = ctx.need('prediction');
    checkSameShape(ctx, 'target', ctx.need('target'), 'prediction', pred);
    return { loss: float([]) };
  },
  forward({ inputs }) {
    const p = tf.clipByValue(inputs.prediction!, CLIP, 1 - CLIP);
    const y = tf.cast(inputs.target!, 'float32');
    const perElement = tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log1p(tf.neg(p))));
    return { loss: tf.neg(tf.mean(perElement)) };
  },
});
