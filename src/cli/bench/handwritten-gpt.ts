// The bench's baseline: the tiny GPT of templates/gpt.json written by hand directly in tfjs
// ops (no graph, no compiler), trained with the same Adam on the same batches.
import { tf } from '../../../nodes/tf';
import { Adam } from '../../runtime/optimizer';

export interface GptConfig {
  vocab: number;
  context: number;
  dModel: number;
  layers: number;
  heads: number;
  dHidden: number;
}

type P = Record<string, tf.Variable>;

export class HandwrittenGpt {
  private p: P = {};
  private pe: tf.Tensor2D;
  private mask: tf.Tensor2D;
  private adam: Adam;

  constructor(private c: GptConfig, lr: number, seed = 1) {
    let s = seed;
    const glorot = (shape: number[]) => {
      const lim = Math.sqrt(6 / (shape[0] + shape[1]));
      return tf.variable(tf.randomUniform(shape, -lim, lim, 'float32', s++));
    };
    const zeros = (n: number) => tf.variable(tf.zeros([n]));
    const ones = (n: number) => tf.variable(tf.ones([n]));
    const { vocab: V, dModel: D, dHidden: H } = c;
    this.p.emb = tf.variable(tf.randomNormal([V, D], 0, 0.02, 'float32', s++));
    for (let l = 0; l < c.layers; l++) {
      for (const w of ['wq', 'wk', 'wv', 'wo']) this.p[`${l}${w}`] = glorot([D, D]);
      for (const b of ['bq', 'bk', 'bv', 'bo']) this.p[`${l}${b}`] = zeros(D);
      this.p[`${l}g1`] = ones(D);
      this.p[`${l}b1`] = zeros(D);
      this.p[`${l}w1`] = glorot([D, H]);
      this.p[`${l}c1`] = zeros(H);
      this.p[`${l}w2`] = glorot([H, D]);
      this.p[`${l}c2`] = zeros(D);
      this.p[`${l}g2`] = ones(D);
      this.p[`${l}b2`] = zeros(D);
    }
    this.p.head = glorot([D, V]);
    this.p.headB = zeros(V);
    // Constants built once: positional table and causal mask.
    const T = c.context;
    const pe = new Float32Array(T * D);
    for (let k = 0; k < T; k++)
      for (let i = 0; i < D; i += 2) {
        const a = k / Math.pow(10000, i / D);
        pe[k * D + i] = Math.sin(a);
        if (i + 1 < D) pe[k * D + i + 1] = Math.cos(a);
      }
    this.pe = tf.tensor2d(pe, [T, D]);
    this.mask = tf.tidy(() => tf.cast(tf.linalg.bandPart(tf.ones([T, T]), -1, 0), 'bool')) as tf.Tensor2D;
    this.adam = new Adam({ learningRate: lr, beta1: 0.9, beta2: 0.999, weightDecay: 0, clipNorm: 1 });
  }

  private dense(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
    const [B, T, D] = x.shape;
    return tf.add(tf.reshape(tf.matMul(tf.reshape(x, [B * T, D]), w as tf.Tensor2D), [B, T, w.shape[1]!]), b);
  }

  private norm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
  }

  private loss(tokens: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
    const { vocab: V, dModel: D, heads: h } = this.c;
    const [B, T] = tokens.shape;
    const dh = D / h;
    const ids = tf.reshape(tokens, [-1]) as tf.Tensor1D;
    const e =
      tf.getBackend() === 'wasm'
        ? tf.matMul(tf.cast(tf.oneHot(ids, V), 'float32'), this.p.emb as tf.Tensor2D)
        : tf.gather(this.p.emb, ids);
    let x: tf.Tensor = tf.add(tf.reshape(e, [B, T, D]), this.pe);
    const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, h, dh]), [0, 2, 1, 3]);
    for (let l = 0; l < this.c.layers; l++) {
      const p = (n: string) => this.p[`${l}${n}`];
      const q = heads(this.dense(x, p('wq'), p('bq')));
      const k = heads(this.dense(x, p('wk'), p('bk')));
      const v = heads(this.dense(x, p('wv'), p('bv')));
      const att = tf.softmax(tf.where(this.mask, tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)), -3e4));
      const merged = tf.reshape(tf.transpose(tf.matMul(att, v), [0, 2, 1, 3]), [B, T, D]);
      x = this.norm(tf.add(x, this.dense(merged, p('wo'), p('bo'))), p('g1'), p('b1'));
      const hid = this.dense(x, p('w1'), p('c1'));
      const gelu = tf.mul(tf.mul(hid, 0.5), tf.add(1, tf.erf(tf.div(hid, Math.SQRT2))));
      x = this.norm(tf.add(x, this.dense(gelu, p('w2'), p('c2'))), p('g2'), p('b2'));
    }
    const logits = tf.reshape(this.dense(x, this.p.head, this.p.headB), [B * T, V]);
    const onehot = tf.cast(tf.oneHot(tf.reshape(targets, [-1]) as tf.Tensor1D, V), 'float32');
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), onehot), 1))) as tf.Scalar;
  }

  /** One Adam step; returns the loss as a kept scalar when asked. */
  step(tokens: tf.Tensor2D, targets: tf.Tensor2D, collect: boolean): tf.Scalar | undefined {
    const vars = new Map(Object.entries(this.p));
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => this.loss(tokens, targets), [...vars.values()]);
      const byKey: Record<string, tf.Tensor> = {};
      for (const [k, v] of vars) byKey[k] = grads[v.name];
      this.adam.apply(vars, byKey).dispose();
      return collect ? value : undefined;
    });
  }

  get parameterCount(): number {
    return Object.values(this.p).reduce((a, v) => a + v.size, 0);
  }

  dispose(): void {
    Object.values(this.p).forEach((v) => v.dispose());
    this.pe.dispose();
    this.mask.dispose();
    this.adam.dispose();
  }
}
