import { NodeError, appendToCache, attentionKeys, attentionQuery, defineNode, float, linear, maskCausalLogits, p, tf } from './api';

const TYPE = 'multi-head-attention';

type Params = { heads: number; causal: boolean };

/** [B, T, D] → [B, h, T, D/h]: head i takes columns i·D/h … (i+1)·D/h. */
function splitHeads(x: tf.Tensor, heads: number): tf.Tensor {
  const [b, t, d] = x.shape;
  return tf.transpose(tf.reshape(x, [b, t, heads, d / heads]), [0, 2, 1, 3]);
}

/** [B, h, T, dh] → [B, T, h·dh], the inverse of splitHeads. */
function mergeHeads(x: tf.Tensor): tf.Tensor {
  const [b, h, t, dh] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [b, t, h * dh]);
}

export default defineNode<Params>({
  type: TYPE,
  title: 'Multi-head attention',
  category: 'attention',
  description:
    'h attention heads in parallel on slices of width D/h of the projected queries, keys and values, then an output projection. ' +
    'Self-attention when kv is not connected. Causal masks later keys (aligned to the last key when Tq ≠ Tk). ' +
    'The optional weights output holds every head\'s attention map. In generation it keeps a cache of past keys and values ' +
    '(a connected kv is treated as a fixed memory, e.g. an encoder output, and passed whole every step).',
  formula:
    'y = \\big[\\mathrm{softmax}(\\tfrac{Q_i K_i^{\\top}}{\\sqrt{D/h}} + M)\\,V_i\\big]_{i=1}^{h} W_o + b_o,\\; Q = q W_q + b_q',
  params: {
    heads: p.int(4, 1, 256, { label: 'heads h', help: 'D must be divisible by h' }),
    causal: p.bool(false, { help: 'query i sees only keys j ≤ i (aligned to the last key when Tq ≠ Tk)' }),
  },
  inputs: [
    { name: 'q', kind: 'tensor', description: '[B, Tq, D] queries (and keys/values when kv is absent)' },
    { name: 'kv', kind: 'tensor', optional: true, description: '[B, Tk, D] keys/values for cross-attention' },
  ],
  outputs: [
    { name: 'y', kind: 'tensor', description: '[B, Tq, D]' },
    { name: 'weights', kind: 'tensor', optional: true, description: '[B, h, Tq, Tk] attention weights of every head' },
  ],
  incremental: 'stateful',
  infer(ctx) {
    const q = attentionQuery(ctx);
    const [b, tq, d] = q.shape;
    const { heads } = ctx.params;
    if (typeof d === 'number' && d % heads !== 0)
      ctx.fail('q', `input q has D=${d}, which ${heads} heads cannot split evenly (D must be a multiple of heads)`);
    const kv = attentionKeys(ctx, q);
    return { y: float([b, tq, d]), weights: float([b, heads, tq, kv.shape[1]]) };
  },
  weights(ctx) {
    const d = ctx.known('q', ctx.need('q'), 2, 'D');
    const square = { shape: [d, d], init: 'glorot' as const };
    const bias = { shape: [d], init: 'zeros' as const };
    return { wq: square, wk: square, wv: square, wo: square, bq: bias, bk: bias, bv: bias, bo: bias };
  },
  forward({ nodeId, inputs, weights: w, params, cache }) {
    const q = inputs.q!;
    const { heads, causal } = params;
    const d = q.shape[2]!;
    if (d % heads !== 0)
      throw new NodeError(nodeId, TYPE, 'q', `input q has D=${d}, which ${heads} heads cannot split evenly (D must be a multiple of heads)`);
    const selfAttention = !inputs.kv || inputs.kv === inputs.q;
    const kv = inputs.kv ?? q;
    const Q = splitHeads(linear(q, w.wq, w.bq), heads);
    let K = splitHeads(linear(kv, w.wk, w.bk), heads);
    let V = splitHeads(linear(kv, w.wv, w.bv), heads);
    if (cache && selfAttention) {
      // [B, h, T, dh]: time is axis 2.
      K = appendToCache(nodeId, TYPE, cache, 'keys', K, 2);
      V = appendToCache(nodeId, TYPE, cache, 'values', V, 2);
    }
    let logits = tf.mul(tf.matMul(Q, K, false, true), 1 / Math.sqrt(d / heads));
    if (causal) logits = maskCausalLogits(nodeId, TYPE, logits);
    const weights = tf.softmax(logits);
    return { y: linear(mergeHeads(tf.matMul(weights, V)), w.wo, w.bo), weights };
  },
});
