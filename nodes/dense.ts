import { activate, defineNode, float, linear, p, type Activation } from './api';

const ACTIVATIONS = ['linear', 'relu', 'gelu', 'tanh', 'sigmoid'] as const;

export default defineNode<{ units: number; activation: Activation; bias: boolean }>({
  type: 'dense',
  title: 'Dense',
  category: 'layers',
  description:
    'Fully connected layer on the last axis. Its kernel is a weight of its own, or comes from the optional kernel input (e.g. a Gaussian weight sampler).',
  formula: 'y = f(x W + b)',
  params: {
    units: p.int(64, 1, 65536, { label: 'units' }),
    activation: p.select(ACTIVATIONS, 'linear'),
    bias: p.bool(true),
  },
  inputs: [
    { name: 'x', kind: 'tensor', description: '[..., in]' },
    { name: 'kernel', kind: 'tensor', optional: true, description: '[in, units] — replaces the own kernel' },
  ],
  outputs: [{ name: 'y', kind: 'tensor', description: '[..., units]' }],
  incremental: 'positionwise',
  infer(ctx) {
    const x = ctx.need('x');
    ctx.rank('x', x, [1, 6], '..., in');
    const inDim = x.shape[x.shape.length - 1];
    const k = ctx.input('kernel');
    if (k) {
      ctx.rank('kernel', k, 2, 'in, units');
      ctx.same('kernel', k.shape[0], 'input x', inDim, 'in');
      ctx.same('kernel', k.shape[1], 'param units', ctx.params.units, 'units');
    }
    return { y: float([...x.shape.slice(0, -1), ctx.params.units]) };
  },
  weights(ctx) {
    const x = ctx.need('x');
    const inDim = ctx.known('x', x, -1, 'in');
    const w: Record<string, { shape: number[]; init: 'glorot' | 'zeros' }> = {};
    if (!ctx.input('kernel')) w.kernel = { shape: [inDim, ctx.params.units], init: 'glorot' };
    if (ctx.params.bias) w.bias = { shape: [ctx.params.units], init: 'zeros' };
    return w;
  },
  forward({ inputs, weights, params }) {
    const kernel = inputs.kernel ?? weights.kernel;
    return { y: activate(linear(inputs.x!, kernel, params.bias ? weights.bias : undefined), params.activation) };
  },
});
