import { defineNode, float, layerNorm, p, tf, type WeightSpec } from './api';

type Params = { eps: number; norm: boolean };

/** Axis names for messages: B, T, D for the usual [B, T, D]; positions otherwise. */
const axisLabel = (rank: number, axis: number): string =>
  rank === 3 ? ['B', 'T', 'D'][axis] : axis === rank - 1 ? 'D' : `dim ${axis}`;

export default defineNode<Params>({
  type: 'residual-norm',
  title: 'Residual + norm',
  category: 'layers',
  description:
    'Adds a layer’s output to its input (the skip connection), then layer-normalises the sum over the last axis. ' +
    'With norm off it is the plain sum and owns no weights.',
  formula: 'y = \\mathrm{LayerNorm}\\big(x + f(x)\\big) = \\gamma \\odot \\frac{s - \\mu_s}{\\sqrt{\\sigma_s^2 + \\epsilon}} + \\beta,\\; s = x + f(x)',
  params: {
    eps: p.number(1e-5, 0, 1, { step: 1e-6, label: 'ε', help: 'added to the variance before the square root' }),
    norm: p.bool(true, { help: 'layer-normalise the sum (off: y = x + fx)' }),
  },
  inputs: [
    { name: 'x', kind: 'tensor', description: '[..., D] skip (the layer’s input)' },
    { name: 'fx', kind: 'tensor', description: '[..., D] the layer’s output' },
  ],
  outputs: [{ name: 'y', kind: 'tensor', description: '[..., D]' }],
  incremental: 'positionwise',
  infer(ctx) {
    const x = ctx.need('x');
    const fx = ctx.need('fx');
    ctx.rank('x', x, [1, 6], '..., D');
    ctx.rank('fx', fx, x.shape.length, x.shape.map((_, i) => axisLabel(x.shape.length, i)).join(', '));
    for (const [port, info] of [['x', x], ['fx', fx]] as const)
      if (info.dtype !== 'float32') ctx.fail(port, `input ${port} must be float activations, got integer token ids`);
    x.shape.forEach((d, i) => ctx.same('fx', fx.shape[i], 'input x', d, axisLabel(x.shape.length, i)));
    // A symbolic size in one input may be known in the other: keep the known one.
    return { y: float(x.shape.map((d, i) => (typeof d === 'number' ? d : fx.shape[i]))) };
  },
  weights(ctx): Record<string, WeightSpec> {
    if (!ctx.params.norm) return {};
    const x = ctx.need('x');
    const xd = x.shape[x.shape.length - 1];
    // D may be symbolic in x yet known in fx (infer has checked they agree).
    const d = typeof xd === 'number' ? xd : ctx.known('fx', ctx.need('fx'), -1, 'D');
    return { gamma: { shape: [d], init: 'ones' }, beta: { shape: [d], init: 'zeros' } };
  },
  forward({ inputs, weights, params }) {
    const sum = tf.add(inputs.x!, inputs.fx!);
    return { y: params.norm ? layerNorm(sum, weights.gamma, weights.beta, params.eps) : sum };
  },
});
