import { NodeError, defineNode, float, p, tf, type WeightSpec } from './api';

const TYPE = 'positional-encoding';

type Params = { kind: 'sinusoidal' | 'learned'; n: number; maxLength: number };

/**
 * Rows start … start+T−1 of the sinusoidal table, computed in float64 on the host so large
 * positions keep their precision (a float32 angle k·n^{−2i/D} loses it). The last table is
 * kept: training asks for the same rows every step.
 */
let lastTable: { key: string; data: Float32Array } | undefined;
function sinusoidRows(start: number, t: number, d: number, n: number): Float32Array {
  const key = `${start}|${t}|${d}|${n}`;
  if (lastTable?.key === key) return lastTable.data;
  const data = new Float32Array(t * d);
  for (let c = 0; c < d; c++) {
    const invFreq = Math.pow(n, -(2 * Math.floor(c / 2)) / d);
    for (let k = 0; k < t; k++) {
      const angle = (start + k) * invFreq;
      data[k * d + c] = c % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  lastTable = { key, data };
  return data;
}

export default defineNode<Params>({
  type: TYPE,
  title: 'Positional encoding',
  category: 'embedding & position',
  description:
    'Adds a vector that depends on the position t to every time step, so attention can tell positions apart. ' +
    'Sinusoidal: fixed sines and cosines of geometrically spaced frequencies (base n), any length. ' +
    'Learned: a trained table with one row per position, up to maxLength.',
  formula: 'y_{b,t} = x_{b,t} + P_t,\\; P_{t,2i} = \\sin\\!\\big(t / n^{2i/D}\\big),\\; P_{t,2i+1} = \\cos\\!\\big(t / n^{2i/D}\\big)',
  params: {
    kind: p.select(['sinusoidal', 'learned'] as const, 'sinusoidal'),
    n: p.number(10000, 1, 1e9, { label: 'base n', help: 'sinusoidal: wavelengths grow from 2π to n·2π' }),
    maxLength: p.int(512, 1, 1_000_000, { label: 'max length', help: 'learned: rows of the table (longest sequence)' }),
  },
  inputs: [{ name: 'x', kind: 'tensor', description: '[B, T, D]' }],
  outputs: [{ name: 'y', kind: 'tensor', description: '[B, T, D]' }],
  incremental: 'positionwise',
  infer(ctx) {
    const x = ctx.need('x');
    ctx.rank('x', x, 3, 'B, T, D');
    if (x.dtype !== 'float32') ctx.fail('x', 'input x must be float activations [B, T, D], got integer token ids (put an embedding in front)');
    const t = x.shape[1];
    const { kind, maxLength } = ctx.params;
    if (kind === 'learned' && typeof t === 'number' && t > maxLength)
      ctx.fail('x', `input x has T=${t} but the learned table holds maxLength=${maxLength} positions`);
    return { y: float(x.shape) };
  },
  weights(ctx): Record<string, WeightSpec> {
    if (ctx.params.kind !== 'learned') return {};
    const d = ctx.known('x', ctx.need('x'), 2, 'D');
    return { table: { shape: [ctx.params.maxLength, d], init: { normal: 0.02 } } };
  },
  forward({ nodeId, inputs, weights, params, cache }) {
    const x = inputs.x!;
    const [, t, d] = x.shape as number[];
    // In incremental generation x holds only the new steps; their first position is the offset.
    const start = cache?.offset ?? 0;
    if (params.kind === 'sinusoidal') return { y: tf.add(x, tf.tensor2d(sinusoidRows(start, t, d, params.n), [t, d])) };
    if (start + t > params.maxLength)
      throw new NodeError(nodeId, TYPE, 'x',
        `positions ${start}…${start + t - 1} go past the learned table (maxLength=${params.maxLength})`);
    return { y: tf.add(x, tf.slice(weights.table, [start, 0], [t, d])) };
  },
});
