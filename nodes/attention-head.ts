import { appendToCache, attentionKeys, attentionQuery, defineNode, float, headProjections, linear, maskCausalLogits, p, tf } from './api';

const TYPE = 'attention-head';

type Params = { dHead: number; causal: boolean; scale: number | null };

export default defineNode<Params>({
  type: TYPE,
  title: 'Attention head',
  category: 'attention',
  description:
    'One scaled dot-product attention head. Self-attention when kv is not connected, cross-attention over kv otherwise. ' +
    'Causal masks later keys (aligned to the last key when Tq ≠ Tk). Outputs the attended values and the attention weights. ' +
    'In generation it keeps a cache of past keys and values, so each new token attends without re-running the prefix ' +
    '(a connected kv is treated as a fixed memory, e.g. an encoder output, and passed whole every step).',
  formula:
    'y = \\mathrm{softmax}\\!\\left(\\tfrac{(q W_q)(kv\\,W_k)^{\\top}}{\\sqrt{d_h}} + M\\right) kv\\,W_v',
  params: {
    dHead: p.int(16, 1, 4096, { label: 'd_head' }),
    causal: p.bool(false, { help: 'query i sees only keys j ≤ i (aligned to the last key when Tq ≠ Tk)' }),
    scale: p.optionalNumber(0, 1000, { step: 0.01, help: 'logit scale; empty = 1/√d_head' }),
  },
  inputs: [
    { name: 'q', kind: 'tensor', description: '[B, Tq, D] queries (and keys/values when kv is absent)' },
    { name: 'kv', kind: 'tensor', optional: true, description: '[B, Tk, D] keys/values for cross-attention' },
  ],
  outputs: [
    { name: 'y', kind: 'tensor', description: '[B, Tq, d_head]' },
    { name: 'weights', kind: 'tensor', description: '[B, Tq, Tk] attention weights (rows sum to 1)' },
  ],
  incremental: 'stateful',
  infer(ctx) {
    const q = attentionQuery(ctx);
    const kv = attentionKeys(ctx, q);
    const [b, tq] = q.shape;
    return { y: float([b, tq, ctx.params.dHead]), weights: float([b, tq, kv.shape[1]]) };
  },
  weights: headProjections,
  forward({ nodeId, inputs, weights, params, cache }) {
    const q = inputs.q!;
    const selfAttention = !inputs.kv || inputs.kv === inputs.q;
    const kv = inputs.kv ?? q;
    const Q = linear(q, weights.wq);
    let K = linear(kv, weights.wk);
    let V = linear(kv, weights.wv);
    if (cache && selfAttention) {
      // [B, T, dHead]: time is axis 1.
      K = appendToCache(nodeId, TYPE, cache, 'keys', K, 1);
      V = appendToCache(nodeId, TYPE, cache, 'values', V, 1);
    }
    const scale = params.scale ?? 1 / Math.sqrt(params.dHead);
    let logits = tf.mul(tf.matMul(Q, K, false, true), scale);
    if (params.causal) logits = maskCausalLogits(nodeId, TYPE, logits);
    const w = tf.softmax(logits);
    return { y: tf.matMul(w, V), weights: w };
  },
});
