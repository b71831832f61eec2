import { defineNode, float, p, tf } from './api';

export default defineNode<{ vocabSize: number; dModel: number }>({
  type: 'embedding',
  title: 'Embedding',
  category: 'embedding & position',
  description: 'Looks up a learned vector of width D for every token id.',
  formula: 'y_{b,t} = E[\\,x_{b,t}\\,]',
  params: {
    vocabSize: p.int(65, 1, 1_000_000, { label: 'vocab V' }),
    dModel: p.int(64, 1, 65536, { label: 'd_model D' }),
  },
  inputs: [{ name: 'tokens', kind: 'tokens', description: '[B, T] ids' }],
  outputs: [{ name: 'y', kind: 'tensor', description: '[B, T, D]' }],
  incremental: 'positionwise',
  infer(ctx) {
    const t = ctx.need('tokens');
    if (t.dtype !== 'int32') ctx.fail('tokens', 'input tokens must hold integer token ids, got a float tensor');
    if (t.vocab !== undefined && t.vocab > ctx.params.vocabSize)
      ctx.fail('tokens', `input tokens has V=${t.vocab} but table expects V=${ctx.params.vocabSize}`);
    return { y: float([...t.shape, ctx.params.dModel]) };
  },
  weights(ctx) {
    return { table: { shape: [ctx.params.vocabSize, ctx.params.dModel], init: { normal: 0.02 } } };
  },
  forward({ inputs, weights, params }) {
    const ids = tf.cast(inputs.tokens!, 'int32');
    // wasm has no UnsortedSegmentSum kernel, which gather's gradient needs (DESIGN.md), so
    // there the lookup is a one-hot matmul; elsewhere gather is cheaper.
    if (tf.getBackend() !== 'wasm') return { y: tf.gather(weights.table, ids) };
    // wasm's oneHot ignores a float dtype (writes int bit patterns), so cast explicitly.
    const oneHot = tf.cast(tf.oneHot(tf.reshape(ids, [-1]) as tf.Tensor1D, params.vocabSize), 'float32');
    const y = tf.matMul(oneHot, weights.table as tf.Tensor2D);
    return { y: tf.reshape(y, [...ids.shape, params.dModel]) };
  },
});
