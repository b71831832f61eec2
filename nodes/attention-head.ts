import { causalVisible, MASK_NEGATIVE, NodeError, defineNode, float, linear, p, tf, type StepCache } from './api';

const TYPE = 'attention-head';

type Params = { dHead: number; causal: boolean; scale: number | null };


/**
 * Self-attention in incremental generation: the new steps' keys and values are appended to the
 * ones cached from earlier steps ([B, T, dHead], batch first so beams can be reordered).
 * At offset 0 any old cache belongs to a previous run and is ignored.
 */
function withCache(nodeId: string, cache: StepCache, name: 'keys' | 'values', fresh: tf.Tensor): tf.Tensor {
  const old = cache.offset === 0 ? undefined : cache.get(name);
  if (cache.offset > 0 && (!old || old.shape[1] !== cache.offset))
    throw new NodeError(nodeId, TYPE, 'q', `the ${name} cache holds ${old ? old.shape[1] : 0} steps but generation is at step ${cache.offset}`);
  const all = old ? tf.concat([old, fresh], 1) : fresh;
  cache.set(name, all);
  return all;
}

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
    const q = ctx.need('q');
    ctx.rank('q', q, 3, 'B, Tq, D');
    if (q.dtype !== 'float32') ctx.fail('q', 'input q must be float activations [B, Tq, D], got integer token ids (put an embedding in front)');
    const kv = ctx.input('kv') ?? q;
    if (kv !== q) {
      ctx.rank('kv', kv, 3, 'B, Tk, D');
      if (kv.dtype !== 'float32') ctx.fail('kv', 'input kv must be float activations [B, Tk, D], got integer token ids');
      ctx.same('kv', kv.shape[0], 'input q', q.shape[0], 'B');
      ctx.same('kv', kv.shape[2], 'input q', q.shape[2], 'D');
    }
    const [b, tq] = q.shape;
    const tk = kv.shape[1];
    if (ctx.params.causal && typeof tq === 'number' && typeof tk === 'number' && tq > tk)
      ctx.fail('kv', `causal attention needs Tk ≥ Tq (the first queries would see no key), got Tq=${tq} and Tk=${tk}`);
    return { y: float([b, tq, ctx.params.dHead]), weights: float([b, tq, tk]) };
  },
  weights(ctx) {
    const d = ctx.known('q', ctx.need('q'), 2, 'D');
    const shape = [d, ctx.params.dHead];
    return { wq: { shape, init: 'glorot' }, wk: { shape, init: 'glorot' }, wv: { shape, init: 'glorot' } };
  },
  forward({ nodeId, inputs, weights, params, cache }) {
    const q = inputs.q!;
    const selfAttention = !inputs.kv || inputs.kv === inputs.q;
    const kv = inputs.kv ?? q;
    const Q = linear(q, weights.wq);
    let K = linear(kv, weights.wk);
    let V = linear(kv, weights.wv);
    if (cache && selfAttention) {
      K = withCache(nodeId, cache, 'keys', K);
      V = withCache(nodeId, cache, 'values', V);
    }
    const tq = Q.shape[1]!;
    const tk = K.shape[1]!;
    const scale = params.scale ?? 1 / Math.sqrt(params.dHead);
    let logits = tf.mul(tf.matMul(Q, K, false, true), scale);
    if (params.causal) {
      if (tq > tk) throw new NodeError(nodeId, TYPE, 'kv', `causal attention needs Tk ≥ Tq, got Tq=${tq} and Tk=${tk}`);
      // where(), not an added bias: masked logits are exactly MASK_NEGATIVE, so their weights
      // are exactly 0 after softmax's max-subtraction and they get no gradient.
      logits = tf.where(causalVisible(tq, tk), logits, MASK_NEGATIVE);
    }
    const w = tf.softmax(logits);
    return { y: tf.matMul(w, V), weights: w };
  },
});
