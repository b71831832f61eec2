import { ACTIVATION_TEX, activate, defineNode, float, linear, p } from './api';

type Params = { dHidden: number; activation: 'relu' | 'gelu' };

export default defineNode<Params>({
  type: 'feed-forward',
  title: 'Feed-forward',
  category: 'layers',
  description:
    'The position-wise block of a transformer: widen every position to dHidden units, apply the activation (gelu is the exact erf form), project back to D.',
  formula: `y = f(x W_1 + b_1)\\,W_2 + b_2,\\; f(x) = ${ACTIVATION_TEX.relu} \\text{ or } ${ACTIVATION_TEX.gelu}`,
  params: {
    dHidden: p.int(256, 1, 65536, { label: 'd_hidden', help: 'usually 4·D' }),
    activation: p.select(['relu', 'gelu'] as const, 'relu'),
  },
  inputs: [{ name: 'x', kind: 'tensor', description: '[B, T, D]' }],
  outputs: [{ name: 'y', kind: 'tensor', description: '[B, T, D]' }],
  incremental: 'positionwise',
  infer(ctx) {
    const x = ctx.need('x');
    ctx.rank('x', x, [1, 6], '..., D');
    if (x.dtype !== 'float32') ctx.fail('x', 'input x must be float activations, got integer token ids (put an embedding in front)');
    return { y: float(x.shape) };
  },
  weights(ctx) {
    const d = ctx.known('x', ctx.need('x'), -1, 'D');
    const h = ctx.params.dHidden;
    return {
      w1: { shape: [d, h], init: 'glorot' },
      b1: { shape: [h], init: 'zeros' },
      w2: { shape: [h, d], init: 'glorot' },
      b2: { shape: [d], init: 'zeros' },
    };
  },
  forward({ inputs, weights: w, params }) {
    const hidden = activate(linear(inputs.x!, w.w1, w.b1), params.activation);
    return { y: linear(hidden, w.w2, w.b2) };
  },
});
