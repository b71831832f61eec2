import { defineNode, float, layerNorm, p } from './api';

export default defineNode<{ eps: number }>({
  type: 'layer-norm',
  title: 'Layer norm',
  category: 'layers',
  description:
    'Normalises every position over its last axis to mean 0 and variance 1 (biased variance, as PyTorch), then scales by γ and shifts by β.',
  formula: 'y = \\gamma \\odot \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}} + \\beta',
  params: {
    eps: p.number(1e-5, 0, 1, { step: 1e-6, label: 'ε', help: 'added to the variance before the square root' }),
  },
  inputs: [{ name: 'x', kind: 'tensor', description: '[..., D]' }],
  outputs: [{ name: 'y', kind: 'tensor', description: '[..., D]' }],
  incremental: 'positionwise',
  infer(ctx) {
    const x = ctx.need('x');
    ctx.rank('x', x, [1, 6], '..., D');
    if (x.dtype !== 'float32') ctx.fail('x', 'input x must be float activations, got integer token ids');
    return { y: float(x.shape) };
  },
  weights(ctx) {
    const d = ctx.known('x', ctx.need('x'), -1, 'D');
    return { gamma: { shape: [d], init: 'ones' }, beta: { shape: [d], init: 'zeros' } };
  },
  forward({ inputs, weights, params }) {
    return { y: layerNorm(inputs.x!, weights.gamma, weights.beta, params.eps) };
  },
});
