// The image sets of the image-set node. To add one, add an entry: its key becomes a choice of
// the node's `set` param. Images are made on demand by index, so opening a set is instant.
import { digitImage } from './digits';
import { openMnist } from './mnist';

export interface ImageSet {
  /** Number of images (train and held-out together). */
  count: number;
  classes: number;
  /** Pixels per image (P). */
  pixels: number;
  /** Image i, row-major values in [0,1], and its class. */
  item(index: number): { image: Float32Array; label: number };
  describe: string;
}

export interface ImageSetEntry {
  title: string;
  open(opts: { size: number; count: number; seed: number }): ImageSet;
}

export const IMAGE_SETS = {
  digits: {
    title: 'Digits (generated)',
    open: ({ size, count, seed }) => ({
      count,
      classes: 10,
      pixels: size * size,
      item: (i) => digitImage(seed, size, i),
      describe: `${count} generated ${size}×${size} digit images (10 classes)`,
    }),
  },
  mnist: { title: 'MNIST digits (2,000 real handwritten digits)', open: openMnist },
} satisfies Record<string, ImageSetEntry>;

export type ImageSetId = keyof typeof IMAGE_SETS;
export const IMAGE_SET_IDS = Object.keys(IMAGE_SETS) as ImageSetId[];
