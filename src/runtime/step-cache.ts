// Per-node caches for incremental generation. Every cached tensor has the beam (batch) as its
// first axis, so reordering beams after a search step is one gather per tensor.
import type { StepCache } from '../../nodes/api';
import { tf } from '../../nodes/tf';

export class NodeCache implements StepCache {
  offset = 0;
  private store = new Map<string, tf.Tensor>();

  get(key: string): tf.Tensor | undefined {
    return this.store.get(key);
  }

  set(key: string, t: tf.Tensor): void {
    const old = this.store.get(key);
    this.store.set(key, tf.keep(t));
    if (old && old !== t) old.dispose();
  }

  /** Row i of the new cache is row rows[i] of the old one. */
  reorder(rows: number[]): void {
    const idx = tf.tensor1d(rows, 'int32');
    for (const [k, t] of this.store) {
      this.store.set(k, tf.keep(tf.gather(t, idx)));
      t.dispose();
    }
    idx.dispose();
  }

  dispose(): void {
    for (const t of this.store.values()) t.dispose();
    this.store.clear();
  }
}

export class CacheSet {
  readonly caches = new Map<string, NodeCache>();
  constructor(nodeIds: string[]) {
    for (const id of nodeIds) this.caches.set(id, new NodeCache());
  }
  setOffset(offset: number): void {
    for (const c of this.caches.values()) c.offset = offset;
  }
  reorder(rows: number[]): void {
    for (const c of this.caches.values()) c.reorder(rows);
  }
  dispose(): void {
    for (const c of this.caches.values()) c.dispose();
  }
}
