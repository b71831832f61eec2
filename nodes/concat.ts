import { defineNode, p, tf, type Dim, type TensorInfo } from './api';

const PORTS = ['a', 'b', 'c', 'd'] as const;

/** Sum of sizes along the concatenated axis; symbolic when any part is (e.g. 'T+S', 'T+5'). */
function sumDims(dims: Dim[]): Dim {
  const known = dims.filter((d): d is number => typeof d === 'number').reduce((s, d) => s + d, 0);
  const named = dims.filter((d): d is string => typeof d === 'string');
  if (named.length === 0) return known;
  return known === 0 ? named.join('+') : `${named.join('+')}+${known}`;
}

export default defineNode<{ axis: number }>({
  type: 'concat',
  title: 'Concatenate',
  category: 'layers',
  description:
    'Joins a, b and the optional c, d along one axis (default the last, the feature axis). ' +
    'All inputs have the same rank and dtype and agree in size on every other axis. ' +
    // `incremental` is one value per node type, not per axis: concatenating features is
    // positionwise, concatenating along time is not, so the safe choice (re-run the prefix) holds.
    'In generation it re-runs the whole prefix, since along the time axis a new step depends on where the parts end.',
  formula: 'y = [\\,a \\,\\|\\, b \\,\\|\\, \\dots\\,]_{\\text{axis}}',
  params: {
    axis: p.int(-1, -6, 5, { label: 'axis', help: 'negative counts from the end; -1 = last' }),
  },
  inputs: [
    { name: 'a', kind: 'tensor' },
    { name: 'b', kind: 'tensor' },
    { name: 'c', kind: 'tensor', optional: true },
    { name: 'd', kind: 'tensor', optional: true },
  ],
  outputs: [{ name: 'y', kind: 'tensor' }],
  infer(ctx) {
    const a = ctx.need('a');
    const rank = a.shape.length;
    const axis = ctx.params.axis < 0 ? rank + ctx.params.axis : ctx.params.axis;
    if (axis < 0 || axis >= rank)
      ctx.fail('a', `param axis=${ctx.params.axis} is outside input a of rank ${rank} (shape [${a.shape.join(', ')}])`);
    const parts: [string, TensorInfo][] = [];
    for (const port of PORTS) {
      const info = ctx.input(port);
      if (info) parts.push([port, info]);
    }
    const shape = [...a.shape];
    for (const [port, info] of parts.slice(1)) {
      if (info.shape.length !== rank)
        ctx.fail(port, `input ${port} has rank ${info.shape.length} but input a has rank ${rank}; concat needs one rank`);
      if (info.dtype !== a.dtype) ctx.fail(port, `input ${port} holds ${info.dtype} but input a holds ${a.dtype}`);
      info.shape.forEach((d, i) => {
        if (i === axis) return;
        ctx.same(port, d, 'input a', a.shape[i], `axis ${i}`);
        if (typeof shape[i] !== 'number') shape[i] = d; // keep the most specific size
      });
    }
    shape[axis] = sumDims(parts.map(([, info]) => info.shape[axis]));
    const vocabs = parts.map(([, info]) => info.vocab);
    const out: TensorInfo = { shape, dtype: a.dtype };
    if (a.dtype === 'int32' && vocabs.every((v) => v !== undefined)) out.vocab = Math.max(...(vocabs as number[]));
    return { y: out };
  },
  forward({ inputs, params }) {
    const parts = PORTS.map((port) => inputs[port]).filter((t): t is tf.Tensor => t !== undefined);
    return { y: tf.concat(parts, params.axis) };
  },
});
