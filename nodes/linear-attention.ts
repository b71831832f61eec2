import { NodeError, attentionKeys, attentionQuery, causalVisible, checkCausalSizes, defineNode, float, headProjections, linear, p, tf, type StepCache } from './api';

const TYPE = 'linear-attention';

type Params = { dHead: number; causal: boolean };

/** The positive feature map φ(x) = elu(x) + 1 of Katharopoulos et al. (2020). */
const phi = (x: tf.Tensor): tf.Tensor => tf.add(tf.elu(x), 1);

/**
 * Quadratic form over one block: similarities A = φQ·φKᵀ [B, Tq, Tk], optionally masked
 * causally, give numerator A·V and denominator ΣA. Used for causal training (the masked
 * product is cheaper on GPUs than a cumulative sum of dHead×dHead outer products).
 */
function blockTerms(fq: tf.Tensor, fk: tf.Tensor, v: tf.Tensor, causal: boolean): { num: tf.Tensor; den: tf.Tensor } {
  let a = tf.matMul(fq, fk, false, true);
  if (causal) a = tf.where(causalVisible(fq.shape[1]!, fk.shape[1]!), a, 0);
  return { num: tf.matMul(a, v), den: tf.sum(a, -1, true) };
}

/**
 * Recurrent form for incremental generation. The state is W = Σ V_m ⊗ φ(K_m) [B, dHead(v),
 * dHead(k)] and z = Σ φ(K_m) [B, dHead], kept in the cache; the new steps add their own block
 * terms on top. Per new token the cost is O(dHead²), independent of how many came before.
 */
function recurrent(nodeId: string, cache: StepCache, fq: tf.Tensor, fk: tf.Tensor, v: tf.Tensor, causal: boolean): tf.Tensor {
  // At offset 0 any old state belongs to a previous run.
  const w0 = cache.offset === 0 ? undefined : cache.get('W');
  const z0 = cache.offset === 0 ? undefined : cache.get('z');
  if (cache.offset > 0 && (!w0 || !z0))
    throw new NodeError(nodeId, TYPE, 'q', `generation is at step ${cache.offset} but the recurrent state (W, z) is missing`);
  let { num, den } = blockTerms(fq, fk, v, causal);
  let w = tf.matMul(v, fk, true, false);
  let z = tf.sum(fk, 1);
  if (w0 && z0) {
    num = tf.add(num, tf.matMul(fq, w0, false, true));
    den = tf.add(den, tf.sum(tf.mul(fq, tf.expandDims(z0, 1)), -1, true));
    w = tf.add(w0, w);
    z = tf.add(z0, z);
  }
  cache.set('W', w);
  cache.set('z', z);
  return tf.div(num, den);
}

export default defineNode<Params>({
  type: TYPE,
  title: 'Linear attention',
  category: 'attention',
  description:
    'Attention with the kernel φ(x) = elu(x)+1 in place of softmax, so keys and values can be summed once and each query costs ' +
    'O(d_head²) instead of O(T). Causal sums run over k ≤ q. In generation it runs as a recurrence with a fixed-size state, ' +
    'constant cost per new token, and gives the same numbers as the full forward.',
  formula:
    'y_q = \\frac{\\sum_k V_k\\,\\phi(K_k)^{\\top}\\phi(Q_q)}{\\sum_k \\phi(K_k)^{\\top}\\phi(Q_q)},\\; \\phi(x) = \\mathrm{elu}(x) + 1',
  params: {
    dHead: p.int(16, 1, 4096, { label: 'd_head' }),
    causal: p.bool(false, { help: 'query i uses only keys j ≤ i (aligned to the last key when Tq ≠ Tk)' }),
  },
  inputs: [
    { name: 'q', kind: 'tensor', description: '[B, Tq, D] queries (and keys/values when kv is absent)' },
    { name: 'kv', kind: 'tensor', optional: true, description: '[B, Tk, D] keys/values for cross-attention' },
  ],
  outputs: [{ name: 'y', kind: 'tensor', description: '[B, Tq, d_head]' }],
  incremental: 'stateful',
  infer(ctx) {
    const q = attentionQuery(ctx);
    attentionKeys(ctx, q);
    const [b, tq] = q.shape;
    return { y: float([b, tq, ctx.params.dHead]) };
  },
  weights: headProjections,
  forward({ nodeId, inputs, weights, params, cache }) {
    const q = inputs.q!;
    const selfAttention = !inputs.kv || inputs.kv === inputs.q;
    const kv = inputs.kv ?? q;
    const fq = phi(linear(q, weights.wq));
    const fk = phi(linear(kv, weights.wk));
    const v = linear(kv, weights.wv);
    // A connected kv in generation is a fixed memory passed whole, so it needs no state.
    if (cache && selfAttention) return { y: recurrent(nodeId, cache, fq, fk, v, params.causal) };
    if (params.causal) {
      checkCausalSizes(nodeId, TYPE, fq.shape[1]!, fk.shape[1]!);
      const { num, den } = blockTerms(fq, fk, v, true);
      return { y: tf.div(num, den) };
    }
    // Non-causal: sum keys and values once (the point of linear attention): O(T·dHead²).
    const kvSum = tf.matMul(fk, v, true, false); // [B, dHead(k), dHead(v)]
    const z = tf.expandDims(tf.sum(fk, 1), 1); // [B, 1, dHead(k)]
    return { y: tf.div(tf.matMul(fq, kvSum), tf.sum(tf.mul(fq, z), -1, true)) };
  },
});
