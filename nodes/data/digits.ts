// Procedural digit images: each digit 0–9 is a few pen strokes in the unit square; every image
// draws them through its own random affine transform, wobble, pen thickness and pixel noise.
// No image data ships with the app; the same seed and index always give the same image.
import { normal, seeded, uniform, type Rand } from './random';

type Point = [number, number];
type Stroke = Point[];

/** Points along an ellipse arc; angles in radians with y pointing down (3π/2 is the top). */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number, steps = 16): Stroke {
  const pts: Stroke = [];
  for (let i = 0; i <= steps; i++) {
    const a = from + ((to - from) * i) / steps;
    pts.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
  }
  return pts;
}

const PI = Math.PI;

/** Stroke templates per digit, drawn in [0,1]² (x right, y down). */
export const DIGIT_STROKES: Stroke[][] = [
  /* 0 */ [arc(0.5, 0.5, 0.22, 0.35, 0, 2 * PI, 24)],
  /* 1 */ [[[0.36, 0.28], [0.52, 0.14], [0.52, 0.86]]],
  /* 2 */ [[...arc(0.5, 0.34, 0.21, 0.19, PI, 2.25 * PI), [0.28, 0.85], [0.76, 0.85]]],
  /* 3 */ [arc(0.48, 0.32, 0.2, 0.17, 1.1 * PI, 2.5 * PI), arc(0.48, 0.67, 0.22, 0.18, 1.5 * PI, 2.9 * PI)],
  /* 4 */ [[[0.62, 0.86], [0.62, 0.14], [0.24, 0.62], [0.78, 0.62]]],
  /* 5 */ [[[0.72, 0.15], [0.33, 0.15], [0.3, 0.49]], arc(0.5, 0.65, 0.22, 0.2, 1.15 * PI, 2.85 * PI)],
  /* 6 */ [[[0.68, 0.14], [0.46, 0.26], [0.33, 0.45], [0.3, 0.65]], arc(0.5, 0.66, 0.2, 0.19, PI, 3 * PI, 20)],
  /* 7 */ [[[0.24, 0.15], [0.76, 0.15], [0.42, 0.86]]],
  /* 8 */ [arc(0.5, 0.31, 0.17, 0.16, 0, 2 * PI, 20), arc(0.5, 0.67, 0.21, 0.19, 0, 2 * PI, 20)],
  /* 9 */ [arc(0.5, 0.35, 0.2, 0.2, 0, 2 * PI, 20), [[0.7, 0.35], [0.67, 0.6], [0.52, 0.86]]],
];

interface Style {
  /** Affine map applied to template points around the centre. */
  a: number;
  b: number;
  c: number;
  d: number;
  tx: number;
  ty: number;
  wobble: number;
  /** Half the pen width, in unit-square coordinates. */
  radius: number;
  noise: number;
}

function randomStyle(r: Rand): Style {
  const angle = uniform(r, -0.22, 0.22);
  const shear = uniform(r, -0.25, 0.25);
  const sx = uniform(r, 0.8, 1.08);
  const sy = uniform(r, 0.85, 1.08);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return {
    // rotation · shear · scale
    a: cos * sx,
    b: (cos * shear - sin) * sy,
    c: sin * sx,
    d: (sin * shear + cos) * sy,
    tx: uniform(r, -0.05, 0.05),
    ty: uniform(r, -0.04, 0.04),
    wobble: uniform(r, 0, 0.025),
    radius: uniform(r, 0.05, 0.09),
    noise: uniform(r, 0, 0.08),
  };
}

function distanceToSegment(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2));
  const ex = px - (x0 + t * dx);
  const ey = py - (y0 + t * dy);
  return Math.sqrt(ex * ex + ey * ey);
}

/** One size×size image of `digit` (row-major, values in [0,1]) drawn with randomness r. */
export function renderDigit(digit: number, size: number, r: Rand): Float32Array {
  const st = randomStyle(r);
  // Transformed segments, flat: x0, y0, x1, y1, …
  const segs: number[] = [];
  for (const stroke of DIGIT_STROKES[digit]) {
    const pts = stroke.map(([x, y]): Point => {
      const ux = x - 0.5 + st.wobble * normal(r);
      const uy = y - 0.5 + st.wobble * normal(r);
      return [0.5 + st.a * ux + st.b * uy + st.tx, 0.5 + st.c * ux + st.d * uy + st.ty];
    });
    for (let i = 1; i < pts.length; i++) segs.push(pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1]);
  }
  const img = new Float32Array(size * size);
  const pixel = 1 / size;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const px = (col + 0.5) * pixel;
      const py = (row + 0.5) * pixel;
      let dist = Infinity;
      for (let s = 0; s < segs.length; s += 4) dist = Math.min(dist, distanceToSegment(px, py, segs[s], segs[s + 1], segs[s + 2], segs[s + 3]));
      // Ink falls off over one pixel at the pen edge (anti-aliasing), then noise.
      const ink = Math.max(0, Math.min(1, (st.radius - dist) / pixel + 0.5));
      img[row * size + col] = Math.max(0, Math.min(1, ink + st.noise * normal(r)));
    }
  }
  return img;
}

/** Image i of a digits set: label i mod 10 (balanced classes), drawn from its own stream. */
export function digitImage(seed: number, size: number, index: number): { image: Float32Array; label: number } {
  const label = index % 10;
  return { image: renderDigit(label, size, seeded(seed, 'digits', size, index)), label };
}
