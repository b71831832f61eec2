import { defineNode, float, p, tf, type DataSource } from './api';
import { LruCache, paramsKey } from './data/cache';
import { batchSizeParam, dataOutputs, passBatch, sampleIndex, splitSizes, valFractionParam } from './data/source';
import { SINE_GAP, SINE_RANGE, toyPoints, type ToyDataset } from './data/toy2d';

type Params = { dataset: ToyDataset; noise: number; N: number; valFraction: number; batchSize: number; seed: number };

const cache = new LruCache<DataSource>(8);

export function openToy2d(params: Params): DataSource {
  return cache.get(paramsKey(params), () => {
    const { dim, x, y } = toyPoints(params.dataset, params.N, params.noise, params.seed);
    const sizes = splitSizes(params.N, params.valFraction);
    const what =
      params.dataset === 'sine'
        ? `y = sin(x) + noise, x in [${SINE_RANGE.join(', ')}] without (${SINE_GAP.join(', ')})`
        : `two ${params.dataset} classes in the plane`;
    return {
      outputs: { x: float(['B', dim]), y: float(['B', 1]) },
      describe: `${what}; noise ${params.noise}, ${sizes.train} training and ${sizes.val} held-out points`,
      batch(split, batchSize, rand) {
        const xb = new Float32Array(batchSize * dim);
        const yb = new Float32Array(batchSize);
        for (let b = 0; b < batchSize; b++) {
          const i = sampleIndex(split, sizes, rand);
          xb.set(x.subarray(i * dim, (i + 1) * dim), b * dim);
          yb[b] = y[i];
        }
        return { x: tf.tensor2d(xb, [batchSize, dim]), y: tf.tensor2d(yb, [batchSize, 1]) };
      },
    };
  });
}

export default defineNode<Params>({
  type: 'toy-2d',
  title: 'Toy data',
  category: 'data',
  description:
    'Small generated data sets: sine (regression, with a gap in x where no data lies) and moons / spirals (two classes in the plane, label as a float for bce). The last valFraction of the N points is held out.',
  formula: 'y = \\sin x + \\sigma\\varepsilon \\quad\\text{or}\\quad y \\in \\{0, 1\\}',
  params: {
    dataset: p.select(['sine', 'moons', 'spirals'] as const, 'sine'),
    noise: p.number(0.1, 0, 2, { step: 0.01, help: 'std of the Gaussian noise on y (sine) or on the points' }),
    N: p.int(512, 10, 100_000, { label: 'points N' }),
    valFraction: valFractionParam,
    batchSize: batchSizeParam(32),
    seed: p.int(1, 0, 2 ** 31 - 1),
  },
  inputs: [],
  outputs: [
    { name: 'x', kind: 'tensor', description: '[B, 1] (sine) or [B, 2] inputs' },
    { name: 'y', kind: 'tensor', description: '[B, 1] target or class' },
  ],
  infer: (ctx) => dataOutputs(ctx, openToy2d),
  forward: passBatch,
  openData: openToy2d,
});
