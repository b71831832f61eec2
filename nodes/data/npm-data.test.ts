import { beforeAll, describe, expect, it } from 'vitest';
import imageSet, { openImageSet } from '../image-set';
import textCorpus, { openTextCorpus } from '../text-corpus';
import { float, int } from '../api';
import { infer, nearestCentroidAccuracy, params, useCpu } from '../testkit';
import { brownSampleFiles, brownWord, cleanBrown, cleanSentence } from './brown';
import { base64ToBytes, bytesToBase64, decodeRuns, encodeRuns, resampleImage } from './mnist-codec';
import { openMnist } from './mnist';
import { brownText, mnistSubset } from './npm-data';
import { npmDataModuleSource } from './npm-data-plugin';
import { mulberry32 } from './random';

beforeAll(useCpu);

describe('Brown corpus cleaning', () => {
  it('drops the tags, splitting at the last slash', () => {
    expect(brownWord('jury/nn')).toBe('jury');
    expect(brownWord("Atlanta's/np$")).toBe("Atlanta's");
    expect(brownWord('1/2/cd')).toBe('1/2');
    expect(brownWord('./.')).toBe('.');
  });

  it('rejoins words as prose: punctuation, brackets and `` \'\' quotes', () => {
    expect(cleanSentence('\tThe/at jury/nn said/vbd ,/, ``/`` no/at evidence/nn \'\'/\'\' (/( sic/rb )/) ./.')).toBe(
      'The jury said, "no evidence" (sic).',
    );
    expect(cleanSentence('Wait/vb --/-- what/wdt ?/.')).toBe('Wait -- what?');
  });

  it('joins the sentences of a paragraph; paragraphs become lines', () => {
    const tagged = '\n\n\tOne/cd ./.\nTwo/cd ./.\n\n\n\tThree/cd !/.\n\n';
    expect(cleanBrown(tagged)).toBe('One. Two.\nThree!\n');
    expect(cleanBrown('\n \n')).toBe('');
  });

  it('the sample is the fiction files, read from the installed package and left with no tags', () => {
    expect(brownSampleFiles()).toHaveLength(36);
    expect(brownSampleFiles().slice(0, 2)).toEqual(['ck01', 'ck02']);
    const text = brownText();
    expect(text.length).toBeGreaterThan(350_000);
    expect(text).toContain('Scotty did not go back to school.');
    // A leftover tag looks like word/tag (lower-case tag letters, maybe $ * - +).
    expect(text.match(/[A-Za-z]\/[a-z$*+-]{1,6}\b/g) ?? []).toEqual([]);
    expect(new Set(text).size).toBeLessThan(100);
  });

  it('is a text-corpus choice with a character vocabulary', () => {
    const r = infer(textCorpus, { corpus: 'brown', contextLength: 32 }, {});
    const V = openTextCorpus(params(textCorpus, { corpus: 'brown', contextLength: 32 })).vocab!.length;
    expect(V).toBe(new Set(brownText()).size);
    expect(r.outputs.tokens).toEqual(int(['B', 32], V));
  });
});

describe('MNIST subset', () => {
  it('run-length code round-trips, runs longer than 255 included, and detects damage', () => {
    const r = mulberry32(3);
    const bytes = Uint8Array.from({ length: 3000 }, (_, i) => (i > 1000 && i < 1700 ? 0 : r() < 0.7 ? 0 : 1 + Math.floor(r() * 255)));
    const code = encodeRuns(bytes);
    expect(code.length).toBeLessThan(bytes.length);
    expect(decodeRuns(code, bytes.length)).toEqual(bytes);
    expect(base64ToBytes(bytesToBase64(code))).toEqual(code);
    expect(() => decodeRuns(code.subarray(0, code.length - 4), bytes.length)).toThrow(/damaged/);
  });

  it('resamples by area: 28 → 28 is exact, 28 → 14 keeps the mean, a flat image stays flat', () => {
    const r = mulberry32(5);
    const img = Uint8Array.from({ length: 784 }, () => Math.floor(r() * 256));
    const same = resampleImage(img, 0, 28, 28);
    expect(same).toEqual(Float32Array.from(img, (v) => v / 255));
    const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0) / a.length;
    expect(mean(resampleImage(img, 0, 28, 14))).toBeCloseTo(mean(same), 5);
    expect(mean(resampleImage(img, 0, 28, 12))).toBeCloseTo(mean(same), 5);
    const flat = resampleImage(new Uint8Array(784).fill(51), 0, 28, 9);
    for (const v of flat) expect(v).toBeCloseTo(0.2, 5);
  });

  it('holds 2,000 real digits, 200 of each, interleaved by label', () => {
    const m = mnistSubset();
    expect(m.count).toBe(2000);
    expect(m.pixels.length).toBe(2000 * 784);
    let sum = 0;
    for (const v of m.pixels) sum += v;
    // MNIST's mean pixel is about 0.13.
    expect(sum / m.pixels.length / 255).toBeGreaterThan(0.1);
    expect(sum / m.pixels.length / 255).toBeLessThan(0.16);
    // Labels match the images: a nearest-centroid classifier fitted on the first 1,500
    // images gets far above chance (10%) on the last 500.
    const set = openMnist({ size: 14, count: 2000 });
    const item = (i: number) => {
      const it = set.item(i);
      expect(it.label).toBe(i % 10);
      return it;
    };
    expect(nearestCentroidAccuracy(item, 196, 1500, 500)).toBeGreaterThan(0.7);
  });

  it('is an image-set choice: [B, size²] pixels in [0, 1], count capped at the bundled images', () => {
    expect(infer(imageSet, { set: 'mnist', size: 28 }, {}).outputs).toEqual({ images: float(['B', 784]), labels: int(['B'], 10) });
    const data = openImageSet(params(imageSet, { set: 'mnist', size: 28, count: 100_000 }));
    expect(data.describe).toMatch(/^2000 MNIST digits \(images capped at the 2000 bundled\), 28×28.*1800 training and 200 held-out$/);
    const b = data.batch('val', 8, mulberry32(1));
    expect(b.images.shape).toEqual([8, 784]);
    const px = b.images.dataSync();
    expect(Math.max(...px)).toBeLessThanOrEqual(1);
    expect(Math.max(...px)).toBeGreaterThan(0.9);
  });
});

describe('page build module (npm-data-plugin)', () => {
  it('embeds exactly the data Node reads', () => {
    const src = npmDataModuleSource();
    const runs = /const MNIST_RUNS = "([^"]+)";/.exec(src)![1];
    // Buffer.equals: vitest's deep equality is slow on 1.5 million elements.
    expect(Buffer.from(decodeRuns(base64ToBytes(runs), 2000 * 784)).equals(Buffer.from(mnistSubset().pixels))).toBe(true);
    const brown = /const BROWN = (".*");\n/.exec(src)![1];
    expect(JSON.parse(brown)).toBe(brownText());
    expect(src).toMatch(/export function mnistSubset\(\)/);
    expect(src).toMatch(/export function brownText\(\)/);
    // Keeps the page bundle modest.
    expect(src.length).toBeLessThan(1_100_000);
  });
});
