import { defineNode, float, tf } from './api';

export default defineNode<Record<string, never>>({
  type: 'add',
  title: 'Add',
  category: 'layers',
  description: 'Elementwise sum of two tensors of one shape (no broadcasting), e.g. a residual connection.',
  formula: 'y = a + b',
  params: {},
  inputs: [
    { name: 'a', kind: 'tensor' },
    { name: 'b', kind: 'tensor', description: 'same shape as a' },
  ],
  outputs: [{ name: 'y', kind: 'tensor' }],
  incremental: 'positionwise',
  infer(ctx) {
    const a = ctx.need('a');
    const b = ctx.need('b');
    if (b.shape.length !== a.shape.length)
      ctx.fail('b', `input b has shape [${b.shape.join(', ')}] but input a has shape [${a.shape.join(', ')}]; add needs one shape`);
    if (a.dtype !== 'float32' || b.dtype !== 'float32')
      ctx.fail(a.dtype !== 'float32' ? 'a' : 'b', 'add sums float activations; integer token ids need an embedding first');
    a.shape.forEach((d, i) => ctx.same('b', b.shape[i], 'input a', d, `axis ${i}`));
    // Keep the most specific size of each axis.
    return { y: float(a.shape.map((d, i) => (typeof d === 'number' ? d : b.shape[i]))) };
  },
  forward({ inputs }) {
    return { y: tf.add(inputs.a!, inputs.b!) };
  },
});
