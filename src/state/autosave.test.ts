import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyGraph } from '../graph/schema';
import { AUTOSAVE_KEY, readAutosave, startAutosave } from './autosave';
import { addNode } from './ops';
import { createDocStore } from './store';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

afterEach(() => vi.useRealTimers());

describe('autosave', () => {
  it('writes the graph, viewport and dirty flag once a burst of edits settles, and reads them back', () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const store = createDocStore(emptyGraph('saved'));
    const stop = startAutosave(store, storage, 400);
    store.update((g) => void addNode(g, { type: 'dense', id: 'd', position: { x: 1, y: 2 } }));
    store.setViewport({ x: 10, y: 20, zoom: 0.5 });
    expect(storage.getItem(AUTOSAVE_KEY)).toBeNull();
    vi.advanceTimersByTime(450);
    const back = readAutosave(storage)!;
    expect(back.graph.nodes.map((n) => n.id)).toEqual(['d']);
    expect(back.viewport).toEqual({ x: 10, y: 20, zoom: 0.5 });
    expect(back.dirty).toBe(true);
    stop();
  });

  it('flushes a pending write when stopped', () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const store = createDocStore(emptyGraph());
    const stop = startAutosave(store, storage, 10_000);
    store.update((g) => void addNode(g, { type: 'dense', id: 'd', position: { x: 0, y: 0 } }));
    stop();
    expect(readAutosave(storage)!.graph.nodes).toHaveLength(1);
  });

  it('ignores a missing, corrupt or foreign entry', () => {
    const storage = memoryStorage();
    expect(readAutosave(storage)).toBeUndefined();
    storage.setItem(AUTOSAVE_KEY, '{not json');
    expect(readAutosave(storage)).toBeUndefined();
    storage.setItem(AUTOSAVE_KEY, JSON.stringify({ graph: { format: 'other' } }));
    expect(readAutosave(storage)).toBeUndefined();
  });
});
