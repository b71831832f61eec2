import { checkSameShape, defineNode, float, tf } from './api';

export default defineNode<Record<string, never>>({
  type: 'mse',
  title: 'Mean squared error',
  category: 'losses',
  description: 'Mean of the squared differences between prediction and target over every element. Both inputs must have one shape (no broadcasting).',
  formula: '\\mathcal L = \\frac1N \\sum_i (\\hat y_i - y_i)^2',
  params: {},
  inputs: [
    { name: 'prediction', kind: 'tensor', description: '[...] model output' },
    { name: 'target', kind: 'tensor', description: '[...] same shape as prediction' },
  ],
  outputs: [{ name: 'loss', kind: 'scalar', description: 'mean over every element' }],
  lossPorts: ['loss'],
  infer(ctx) {
    const pred = ctx.need('prediction');
    checkSameShape(ctx, 'target', ctx.need('target'), 'prediction', pred);
    return { loss: float([]) };
  },
  forward({ inputs }) {
    // Integer targets (e.g. class labels used as values) are compared as floats.
    return { loss: tf.mean(tf.squaredDifference(inputs.prediction!, tf.cast(inputs.target!, 'float32'))) };
  },
});
