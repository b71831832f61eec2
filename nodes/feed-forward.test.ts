import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import feedForward from './feed-forward';
import { float, int } from './api';
import { expectClose, gradCheck, infer, loadReference, randomWeights, refTensors, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

describe('feed-forward', () => {
  it('keeps the shape and sizes w1 [D,dHidden], w2 [dHidden,D]', () => {
    const r = infer(feedForward, { dHidden: 16 }, { x: float(['B', 'T', 8]) });
    expect(r.outputs.y.shape).toEqual(['B', 'T', 8]);
    expect(r.weights.w1.shape).toEqual([8, 16]);
    expect(r.weights.b1.shape).toEqual([16]);
    expect(r.weights.w2.shape).toEqual([16, 8]);
    expect(r.weights.b2.shape).toEqual([8]);
    expect(() => infer(feedForward, {}, { x: float(['B', 'T', 'D']) }, 'ff1')).toThrow(
      'feed-forward "ff1": input x needs a known D to size its weights, got D=D',
    );
    expect(() => infer(feedForward, {}, { x: int([2, 3]) })).toThrow(/integer token ids/);
    expect(() => infer(feedForward, { activation: 'tanh' }, { x: float([2, 3]) })).toThrow(/must be one of relu, gelu/);
  });

  it('matches reference feed-forward-relu', () => {
    const c = loadReference('feed-forward-relu');
    expectClose(run(feedForward, c.params, refTensors(c.inputs), refTensors(c.weights)).y, c.outputs.y, c.tolerance);
  });

  it('gelu is the exact erf form', () => {
    const eye = tf.eye(2);
    const w = { w1: eye, b1: tf.zeros([2]), w2: eye, b2: tf.zeros([2]) };
    const y = run(feedForward, { dHidden: 2, activation: 'gelu' }, { x: tf.tensor2d([[1, -1]]) }, w).y.dataSync();
    // x·Φ(x) with Φ the standard normal CDF (the tanh approximation gives 0.841192 at x=1).
    expect(y[0]).toBeCloseTo(0.8413447461, 6);
    expect(y[1]).toBeCloseTo(-0.1586552539, 6);
  });

  it('autodiff gradients match finite differences (relu and gelu)', () => {
    const w = randomWeights(infer(feedForward, { dHidden: 5 }, { x: float([2, 3, 4]) }).weights);
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 2);
    expect(gradCheck(feedForward, { dHidden: 5, activation: 'gelu' }, { x }, w)).toBeLessThan(2e-2);
    expect(gradCheck(feedForward, { dHidden: 5, activation: 'relu' }, { x }, w, { h: 1e-3 })).toBeLessThan(2e-2);
  });

  it('has a formula KaTeX can render', () => {
    expect(() => katex.renderToString(feedForward.formula, { throwOnError: true })).not.toThrow();
  });
});
