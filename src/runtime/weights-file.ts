// The weights file: every weight of a graph by its key (`<node id>/<weight name>`, with group
// copies as `group[i]/node/...`), float32 little-endian in base64. Loading checks the whole file
// against the program before anything is assigned, so a bad file changes nothing.
import type { WeightDecl } from '../compiler/program';

export const WEIGHTS_FORMAT = 'tensorloom-weights';
export const WEIGHTS_VERSION = 1;

export interface WeightsFile {
  format: typeof WEIGHTS_FORMAT;
  version: number;
  graphName?: string;
  step?: number;
  weights: Record<string, { shape: number[]; dtype: 'float32'; data: string }>;
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) s += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(s);
}

export function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function encodeWeights(values: Map<string, { shape: number[]; data: Float32Array }>, meta: { graphName?: string; step?: number } = {}): WeightsFile {
  const weights: WeightsFile['weights'] = {};
  for (const [key, { shape, data }] of values) {
    weights[key] = { shape, dtype: 'float32', data: toBase64(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) };
  }
  return { format: WEIGHTS_FORMAT, version: WEIGHTS_VERSION, ...meta, weights };
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Checks a parsed weights file against the program's weights. Returns the decoded arrays, or
 * every disagreement (each naming the node and weight) and no values.
 */
export function decodeWeights(file: unknown, decls: WeightDecl[]): { ok: true; values: Map<string, Float32Array> } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const f = file as Partial<WeightsFile> | null;
  if (!f || typeof f !== 'object' || f.format !== WEIGHTS_FORMAT)
    return { ok: false, errors: [`not a TensorLoom weights file: "format" should be "${WEIGHTS_FORMAT}"`] };
  if (f.version !== WEIGHTS_VERSION) return { ok: false, errors: [`weights file version ${String(f.version)} is not supported (expected ${WEIGHTS_VERSION})`] };
  if (!f.weights || typeof f.weights !== 'object') return { ok: false, errors: ['weights file has no "weights" object'] };
  const values = new Map<string, Float32Array>();
  const declared = new Map(decls.map((d) => [d.key, d]));
  for (const key of Object.keys(f.weights)) {
    if (!declared.has(key)) errors.push(`weight "${key}" is in the file but the graph has no such node weight`);
  }
  for (const d of decls) {
    const w = f.weights[d.key];
    const where = `node "${d.nodeId}" weight ${d.name}`;
    if (!w) {
      errors.push(`${where} ("${d.key}") is missing from the file`);
      continue;
    }
    if (!Array.isArray(w.shape) || !sameShape(w.shape, d.spec.shape)) {
      errors.push(`${where}: the file has shape [${Array.isArray(w.shape) ? w.shape.join(', ') : '?'}] but the graph expects [${d.spec.shape.join(', ')}]`);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(String(w.data));
    } catch {
      errors.push(`${where}: data is not valid base64`);
      continue;
    }
    const n = d.spec.shape.reduce((a, b) => a * b, 1);
    if (bytes.length !== n * 4) {
      errors.push(`${where}: data holds ${bytes.length / 4} values, the shape needs ${n}`);
      continue;
    }
    const arr = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    if (arr.some((x) => !Number.isFinite(x))) {
      errors.push(`${where}: contains NaN or infinite values`);
      continue;
    }
    values.set(d.key, arr);
  }
  return errors.length ? { ok: false, errors } : { ok: true, values };
}
