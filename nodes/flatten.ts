import { defineNode, tf, type Dim, type TensorInfo } from './api';

/** Product of sizes; symbolic when any is, e.g. [T, 8, 8] → 'T·64'. */
function flatSize(dims: Dim[]): Dim {
  const known = dims.filter((d): d is number => typeof d === 'number').reduce((a, d) => a * d, 1);
  const named = dims.filter((d): d is string => typeof d === 'string');
  if (named.length === 0) return known;
  return known === 1 ? named.join('·') : `${named.join('·')}·${known}`;
}

export default defineNode<Record<string, never>>({
  type: 'flatten',
  title: 'Flatten',
  category: 'layers',
  description: 'Keeps the first (batch) axis and flattens all others into one, row-major: [B, d₁, …, dₖ] → [B, d₁·…·dₖ]. A rank-1 input becomes [B, 1].',
  formula: 'y = \\mathrm{reshape}(x, [B, \\textstyle\\prod_{i \\ge 1} d_i])',
  params: {},
  inputs: [{ name: 'x', kind: 'tensor', description: '[B, ...]' }],
  outputs: [{ name: 'y', kind: 'tensor', description: '[B, N]' }],
  infer(ctx) {
    const x = ctx.need('x');
    ctx.rank('x', x, [1, 6], 'B, ...');
    const y: TensorInfo = { shape: [x.shape[0], flatSize(x.shape.slice(1))], dtype: x.dtype };
    if (x.vocab !== undefined) y.vocab = x.vocab;
    return { y };
  },
  forward({ inputs }) {
    const x = inputs.x!;
    const perItem = x.shape.slice(1).reduce((a, d) => a * d, 1);
    return { y: tf.reshape(x, [x.shape[0], perItem]) };
  },
});
