import { defineNode, float, p, tf } from './api';

export default defineNode<{ labelSmoothing: number }>({
  type: 'cross-entropy',
  title: 'Cross-entropy',
  category: 'losses',
  description:
    'Softmax cross-entropy of logits against integer targets, averaged over every target position (all batch and time steps). ' +
    'Computed with log-softmax, so large logits do not overflow. With label smoothing ε the target distribution is ' +
    '(1−ε)·one-hot + ε/V, as torch.nn.CrossEntropyLoss(label_smoothing=ε).',
  formula: '\\mathcal L = -\\frac1N \\sum_{n} \\Big[(1-\\varepsilon)\\log p_{n,y_n} + \\frac{\\varepsilon}{V}\\sum_v \\log p_{n,v}\\Big],\\quad p = \\mathrm{softmax}(\\text{logits})',
  params: {
    labelSmoothing: p.number(0, 0, 1, { label: 'label smoothing ε', step: 0.01 }),
  },
  inputs: [
    { name: 'logits', kind: 'tensor', description: '[..., V] unnormalised scores' },
    { name: 'targets', kind: 'tokens', description: '[...] integer ids in 0…V−1' },
  ],
  outputs: [{ name: 'loss', kind: 'scalar', description: 'mean over every target position' }],
  lossPorts: ['loss'],
  infer(ctx) {
    const logits = ctx.need('logits');
    const targets = ctx.need('targets');
    ctx.rank('logits', logits, [1, 6], '..., V');
    if (logits.dtype !== 'float32') ctx.fail('logits', 'input logits must hold float scores, got integer ids');
    if (targets.dtype !== 'int32') ctx.fail('targets', 'input targets must hold integer ids, got a float tensor');
    const lead = logits.shape.slice(0, -1);
    const V = logits.shape[logits.shape.length - 1];
    const fmt = (s: readonly unknown[]) => `[${s.join(', ')}]`;
    // Symbolic sizes agree with anything; only two different known sizes are a mismatch.
    const agrees =
      targets.shape.length === lead.length &&
      lead.every((d, axis) => typeof d !== 'number' || typeof targets.shape[axis] !== 'number' || d === targets.shape[axis]);
    if (!agrees)
      ctx.fail('targets', `input targets has shape ${fmt(targets.shape)} but logits ${fmt(logits.shape)} expects targets of shape ${fmt(lead)}`);
    if (targets.vocab !== undefined && typeof V === 'number' && targets.vocab > V)
      ctx.fail('targets', `input targets has V=${targets.vocab} but logits expects at most V=${V} (ids ≥ ${V} have no logit)`);
    return { loss: float([]) };
  },
  forward({ inputs, params }) {
    const logits = inputs.logits!;
    const V = logits.shape[logits.shape.length - 1];
    const logp = tf.logSoftmax(logits);
    // A one-hot product rather than a gather: its gradient needs no UnsortedSegmentSum,
    // which the wasm backend lacks (DESIGN.md).
    const ids = tf.cast(tf.reshape(inputs.targets!, [-1]), 'int32') as tf.Tensor1D;
    const eps = params.labelSmoothing;
    // wasm's oneHot ignores a float dtype and fractional on/off values, so build the 0/1 matrix,
    // cast it, then smooth.
    const oneHot = tf.cast(tf.oneHot(ids, V), 'float32');
    const target = eps > 0 ? tf.add(tf.mul(oneHot, 1 - eps), eps / V) : oneHot;
    const perPosition = tf.neg(tf.sum(tf.mul(tf.reshape(logp, [-1, V]), target), 1));
    return { loss: tf.mean(perPosition) };
  },
});
