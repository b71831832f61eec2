import { NodeError, defineNode, p, tf, type Dim, type TensorInfo } from './api';

const fmt = (s: readonly Dim[]) => `[${s.join(', ')}]`;
const product = (ds: number[]) => ds.reduce((a, d) => a * d, 1);

/**
 * The size -1 stands for, when part of the input is symbolic: the named sizes times the
 * known factor, e.g. [T, 64] → [-1, 8] gives 'T·8'.
 */
function symbolicRest(named: string[], knownIn: number, knownTarget: number): string {
  const sym = named.join('·');
  if (knownIn % knownTarget !== 0) return `${sym}·${knownIn}/${knownTarget}`;
  const factor = knownIn / knownTarget;
  return factor === 1 ? sym : `${sym}·${factor}`;
}

export default defineNode<{ shape: number[] }>({
  type: 'reshape',
  title: 'Reshape',
  category: 'layers',
  description:
    'Reshapes every batch item to the target shape; the batch axis is kept and not part of the target. ' +
    'One size may be -1: it takes whatever the element count leaves. The element counts must agree.',
  formula: 'y = \\mathrm{reshape}(x, [B, \\text{shape}])',
  params: {
    shape: p.shape([-1], 6, 1_000_000, { allowInfer: true, label: 'target shape (without batch)' }),
  },
  inputs: [{ name: 'x', kind: 'tensor', description: '[B, ...]' }],
  outputs: [{ name: 'y', kind: 'tensor', description: '[B, ...shape]' }],
  infer(ctx) {
    const x = ctx.need('x');
    ctx.rank('x', x, [1, 6], 'B, ...');
    const target = ctx.params.shape;
    const rest = x.shape.slice(1);
    const knownIn = product(rest.filter((d): d is number => typeof d === 'number'));
    const named = rest.filter((d): d is string => typeof d === 'string');
    const inferAt = target.indexOf(-1);
    const knownTarget = product(target.filter((d) => d !== -1));
    const out: Dim[] = [...target];
    if (named.length === 0) {
      const fits = inferAt < 0 ? knownIn === knownTarget : knownIn % knownTarget === 0;
      if (!fits)
        ctx.fail(
          'x',
          `input x has ${knownIn} elements per batch item (shape ${fmt(x.shape)}) but param shape ${fmt(target)} ` +
            (inferAt < 0 ? `holds ${knownTarget}` : `needs a multiple of ${knownTarget}`),
        );
      if (inferAt >= 0) out[inferAt] = knownIn / knownTarget;
    } else if (inferAt >= 0) {
      out[inferAt] = symbolicRest(named, knownIn, knownTarget);
    }
    // Without a -1 and with symbolic input sizes the count can only be checked at run time.
    const y: TensorInfo = { shape: [x.shape[0], ...out], dtype: x.dtype };
    if (x.vocab !== undefined) y.vocab = x.vocab;
    return { y };
  },
  forward({ inputs, params, nodeId }) {
    const x = inputs.x!;
    const perItem = product(x.shape.slice(1));
    const inferAt = params.shape.indexOf(-1);
    const knownTarget = product(params.shape.filter((d) => d !== -1));
    const fits = inferAt < 0 ? perItem === knownTarget : perItem % knownTarget === 0;
    if (!fits)
      throw new NodeError(nodeId, 'reshape', 'x', `input x has ${perItem} elements per batch item (shape ${fmt(x.shape)}) but param shape ${fmt(params.shape)} does not fit them`);
    const shape = params.shape.map((d) => (d === -1 ? perItem / knownTarget : d));
    return { y: tf.reshape(x, [x.shape[0], ...shape]) };
  },
});
