// A small least-recently-used cache. Data-source nodes are asked for their shapes on every
// graph edit, so opened data sets are kept per params; the cap bounds memory when someone
// uploads several large texts in one session.
import { hashString } from './random';

export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  /** The cached value for key, or make() stored under it. */
  get(key: string, make: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-insert so Map order tracks recency: the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = make();
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Cache key for a params object: its JSON with keys sorted, so key order does not matter. Long
 * texts (an uploaded corpus of megabytes) enter as length plus two independent 32-bit hashes,
 * so the cache does not hold a copy of every upload as a key.
 */
export function paramsKey(params: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map((k) => {
        const v = params[k];
        return [k, typeof v === 'string' && v.length > 256 ? textDigest(v) : v];
      }),
  );
}

function textDigest(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return `text#${text.length}:${hashString(text).toString(16)}:${(h >>> 0).toString(16)}`;
}
