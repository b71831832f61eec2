import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import embedding from './embedding';
import { float, int } from './api';
import { useBackend } from '../src/runtime/backend';
import { expectClose, gradCheck, infer, loadReference, refTensors, run, tf, useCpu } from './testkit';

beforeAll(useCpu);
afterAll(useCpu);

describe('embedding', () => {
  it('infers [B, T, D] and a [V, D] table', () => {
    const r = infer(embedding, { vocabSize: 11, dModel: 6 }, { tokens: int(['B', 5], 9) });
    expect(r.outputs.y.shape).toEqual(['B', 5, 6]);
    expect(r.weights.table.shape).toEqual([11, 6]);
  });

  it('names both vocabulary sizes when the data has more tokens than the table', () => {
    expect(() => infer(embedding, { vocabSize: 50 }, { tokens: int(['B', 8], 65) }, 'emb')).toThrow(
      'embedding "emb": input tokens has V=65 but table expects V=50',
    );
    expect(() => infer(embedding, {}, { tokens: float(['B', 8]) })).toThrow(/integer token ids/);
  });

  it('matches the reference case on cpu and on wasm (one-hot path)', async () => {
    const c = loadReference('embedding');
    for (const backend of ['cpu', 'wasm'] as const) {
      await useBackend(backend);
      const y = run(embedding, c.params, refTensors(c.inputs), refTensors(c.weights)).y;
      expectClose(y, c.outputs.y, c.tolerance);
    }
  });

  it('its table gradient matches finite differences on wasm (no gather gradient there)', async () => {
    await useBackend('wasm');
    const tokens = tf.tensor2d([[1, 3, 3], [0, 2, 1]], [2, 3], 'int32');
    const table = tf.randomNormal([4, 5], 0, 1, 'float32', 2);
    expect(gradCheck(embedding, { vocabSize: 4, dModel: 5 }, { tokens }, { table })).toBeLessThan(2e-2);
  });
});
