// The MNIST subset's in-memory form, its compact text encoding (used to embed it in the page
// build) and resampling to the image-set node's size. Pure functions, no I/O.

/** Images of each digit in the subset: 2,000 images in all, ~1.5 MB as bytes. */
export const MNIST_PER_DIGIT = 200;
export const MNIST_SIDE = 28;

export interface MnistSubset {
  count: number;
  side: number;
  /** count × side² bytes, row-major; image i shows digit i mod 10. */
  pixels: Uint8Array;
}

/**
 * Run-length code for mostly-black images: a 0 byte is followed by the length (1…255) of a
 * run of zeros; any other byte is a pixel value. MNIST is ~80% zeros, so this is ~4× smaller.
 */
export function encodeRuns(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i] !== 0) {
      out.push(bytes[i++]);
      continue;
    }
    let run = 0;
    while (i < bytes.length && bytes[i] === 0 && run < 255) {
      run++;
      i++;
    }
    out.push(0, run);
  }
  return Uint8Array.from(out);
}

export function decodeRuns(code: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let o = 0;
  for (let i = 0; i < code.length; i++) {
    if (code[i] === 0) o += code[++i];
    else out[o++] = code[i];
  }
  if (o !== length) throw new Error(`MNIST data is damaged: decoded ${o} pixels, expected ${length}`);
  return out;
}

/**
 * Weights of an area resampling from n to m samples: output pixel j averages the input pixels
 * its span [j·n/m, (j+1)·n/m) covers, each by the overlapping length. Identity when n = m.
 */
function areaWeights(n: number, m: number): { from: number; to: number; w: number[] }[] {
  const scale = n / m;
  return Array.from({ length: m }, (_, j) => {
    const a = j * scale;
    const b = (j + 1) * scale;
    const from = Math.floor(a);
    const to = Math.min(n, Math.ceil(b));
    const w: number[] = [];
    for (let i = from; i < to; i++) w.push((Math.min(b, i + 1) - Math.max(a, i)) / scale);
    return { from, to, w };
  });
}

/** One side×side byte image → size×size floats in [0, 1] (area resampling, separable). */
export function resampleImage(src: Uint8Array, offset: number, side: number, size: number): Float32Array {
  const out = new Float32Array(size * size);
  if (size === side) {
    for (let i = 0; i < out.length; i++) out[i] = src[offset + i] / 255;
    return out;
  }
  const wx = areaWeights(side, size);
  const rows = new Float32Array(side * size);
  for (let r = 0; r < side; r++)
    for (let c = 0; c < size; c++) {
      const { from, w } = wx[c];
      let s = 0;
      for (let k = 0; k < w.length; k++) s += w[k] * src[offset + r * side + from + k];
      rows[r * size + c] = s / 255;
    }
  for (let r = 0; r < size; r++) {
    const { from, w } = wx[r];
    for (let c = 0; c < size; c++) {
      let s = 0;
      for (let k = 0; k < w.length; k++) s += w[k] * rows[(from + k) * size + c];
      out[r * size + c] = s;
    }
  }
  return out;
}

/** Bytes ↔ base64 text (atob/btoa exist in browsers, workers and Node). */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function base64ToBytes(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
