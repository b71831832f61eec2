// Adam with optional decoupled weight decay (AdamW) and global-norm gradient clipping.
// Moments are our own variables so the update is plain tfjs ops we can count and serialise.
import { tf } from '../../nodes/tf';

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon?: number;
  weightDecay: number;
  /** 0 = no clipping. */
  clipNorm: number;
  optimizer?: 'adam' | 'sgd';
}

export class Adam {
  private m = new Map<string, tf.Variable>();
  private v = new Map<string, tf.Variable>();
  private t = 0;

  constructor(private s: AdamSettings) {}

  /** Updates every variable with its gradient. Returns the global gradient norm (a kept scalar). */
  apply(vars: Map<string, tf.Variable>, grads: Record<string, tf.Tensor>): tf.Scalar {
    this.t++;
    const { learningRate: lr, beta1: b1, beta2: b2, weightDecay: wd, clipNorm } = this.s;
    const eps = this.s.epsilon ?? 1e-8;
    return tf.tidy(() => {
      const names = Object.keys(grads);
      const sq = names.map((n) => tf.sum(tf.square(grads[n])));
      const norm = tf.sqrt(sq.length ? tf.addN(sq) : tf.scalar(0)) as tf.Scalar;
      // Scale = min(1, clip / norm); computed on the device, no read-back.
      const scale = clipNorm > 0 ? tf.minimum(1, tf.div(clipNorm, tf.maximum(norm, 1e-12))) : undefined;
      const c1 = 1 - b1 ** this.t;
      const c2 = 1 - b2 ** this.t;
      for (const name of names) {
        const variable = vars.get(name)!;
        const g = scale ? tf.mul(grads[name], scale) : grads[name];
        if (this.s.optimizer === 'sgd') {
          variable.assign(tf.sub(variable, tf.mul(g, lr)));
          continue;
        }
        if (!this.m.has(name)) {
          this.m.set(name, tf.variable(tf.zerosLike(variable), false));
          this.v.set(name, tf.variable(tf.zerosLike(variable), false));
        }
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        m.assign(tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)));
        v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2)));
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), eps));
        // Decoupled decay on matrices only (biases and norm gains are left alone).
        const decayed = wd > 0 && variable.shape.length >= 2 ? tf.mul(variable, 1 - lr * wd) : variable;
        variable.assign(tf.sub(decayed, tf.mul(update, lr)));
      }
      return norm;
    });
  }

  dispose(): void {
    for (const x of [...this.m.values(), ...this.v.values()]) x.dispose();
    this.m.clear();
    this.v.clear();
    this.t = 0;
  }
}
