// Autosave of the document and viewport to localStorage, restored on reload. Writes are
// debounced (a drag or a typing burst is one write) and flushed when the page is hidden.
import type { Graph } from '../graph/schema';
import { parseGraphText } from './clipboard';
import type { DocStore, Viewport } from './store';

export const AUTOSAVE_KEY = 'tensorloom.autosave.v1';

interface Saved {
  graph: Graph;
  viewport?: Viewport;
  dirty: boolean;
  savedAt: string;
}

export function readAutosave(storage: Storage = localStorage): { graph: Graph; viewport?: Viewport; dirty: boolean } | undefined {
  let text: string | null;
  try {
    text = storage.getItem(AUTOSAVE_KEY);
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  try {
    const raw = JSON.parse(text) as Partial<Saved>;
    if (!raw || typeof raw !== 'object' || !raw.graph) return undefined;
    const parsed = parseGraphText(JSON.stringify(raw.graph));
    if (!('graph' in parsed)) return undefined;
    const vp = raw.viewport;
    const viewport = vp && [vp.x, vp.y, vp.zoom].every((v) => typeof v === 'number' && Number.isFinite(v)) ? vp : undefined;
    return { graph: parsed.graph, viewport, dirty: raw.dirty === true };
  } catch {
    return undefined;
  }
}

/** Starts saving on every change; returns a function that stops it (after a last write). */
export function startAutosave(store: DocStore, storage: Storage = localStorage, delayMs = 400): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastGraph = store.getState().graph;
  let lastVp = store.getState().viewport;
  let lastDirty = store.getState().dirty;
  const write = () => {
    timer = undefined;
    const s = store.getState();
    const saved: Saved = { graph: s.graph, viewport: s.viewport, dirty: s.dirty, savedAt: new Date().toISOString() };
    try {
      storage.setItem(AUTOSAVE_KEY, JSON.stringify(saved));
    } catch (e) {
      // Quota exceeded (a huge uploaded corpus): keep editing, say so in the console.
      console.warn('autosave failed:', (e as Error).message);
    }
  };
  const unsubscribe = store.subscribe(() => {
    const s = store.getState();
    if (s.graph === lastGraph && s.viewport === lastVp && s.dirty === lastDirty) return;
    lastGraph = s.graph;
    lastVp = s.viewport;
    lastDirty = s.dirty;
    if (timer) clearTimeout(timer);
    timer = setTimeout(write, delayMs);
  });
  const flush = () => {
    if (timer) {
      clearTimeout(timer);
      write();
    }
  };
  const onHide = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHide);
  }
  return () => {
    unsubscribe();
    flush();
    if (typeof window !== 'undefined') {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHide);
    }
  };
}
