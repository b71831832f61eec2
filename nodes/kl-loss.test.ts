import { beforeAll, describe, expect, it } from 'vitest';
import klLoss from './kl-loss';
import { float } from './api';
import { expectClose, gradCheck, infer, loadReference, refTensors, run, tf, useCpu } from './testkit';

beforeAll(useCpu);

const ref = loadReference('kl-loss');

const lossAt = (raw: Record<string, unknown>, step: number, training: boolean) =>
  run(klLoss, raw, { kl: tf.scalar(2) }, {}, { step, training }).loss.dataSync()[0];

describe('kl-loss', () => {
  it('infers a scalar loss and declares it a loss port', () => {
    expect(infer(klLoss, {}, { kl: float([]) }).outputs).toEqual({ loss: float([]) });
    expect(klLoss.lossPorts).toEqual(['loss']);
  });

  it('refuses a kl that is not a scalar', () => {
    expect(() => infer(klLoss, {}, { kl: float(['B', 4]) }, 'k1')).toThrow('kl-loss "k1": input kl must be a scalar, got shape [B, 4]');
    expect(() => infer(klLoss, {}, {})).toThrow(/required input kl is not connected/);
  });

  it('matches the reference case', () => {
    const got = run(klLoss, ref.params, refTensors(ref.inputs), {}).loss;
    expect(got.shape).toEqual([]);
    expectClose(got, ref.outputs.loss, ref.tolerance);
  });

  it('ramps β linearly over the warm-up steps in training only', () => {
    const raw = { beta: 0.5, warmupSteps: 100 };
    expect(lossAt(raw, 0, true)).toBeCloseTo(0, 7);
    expect(lossAt(raw, 25, true)).toBeCloseTo(0.25, 6);
    expect(lossAt(raw, 100, true)).toBeCloseTo(1, 6);
    expect(lossAt(raw, 5000, true)).toBeCloseTo(1, 6);
    expect(lossAt(raw, 25, false)).toBeCloseTo(1, 6);
    expect(lossAt({ beta: 0.5 }, 0, true)).toBeCloseTo(1, 6);
  });

  it('autodiff gradient matches finite differences', () => {
    expect(gradCheck(klLoss, { beta: 0.3 }, { kl: tf.scalar(1.7) }, {})).toBeLessThan(1e-2);
  });
});
