// Editor view state that is not part of the document: the node-search popup, the help
// overlay, snap-to-grid and the minimap. A tiny store so the header, the shortcuts and the
// canvas can share it.
import { useSyncExternalStore } from 'react';
import type { PortKind } from '../../nodes/api';
import type { XY } from '../state/ops';

export interface SearchRequest {
  /** Where the popup opens (client pixels) and where the node goes (flow coordinates). */
  screen: XY;
  flow: XY;
  /** A connection dropped on empty canvas: the new node connects to it. */
  from?: { nodeId: string; port: string; kind: PortKind; side: 'in' | 'out' };
}

export interface EditorUi {
  search: SearchRequest | undefined;
  help: boolean;
  snap: boolean;
  minimap: boolean;
}

const PREFS_KEY = 'tensorloom.editor.prefs';

function loadPrefs(): Pick<EditorUi, 'snap' | 'minimap'> {
  try {
    const p = JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}');
    return { snap: p.snap !== false, minimap: p.minimap !== false };
  } catch {
    return { snap: true, minimap: true };
  }
}

let ui: EditorUi = { search: undefined, help: false, ...(typeof localStorage === 'undefined' ? { snap: true, minimap: true } : loadPrefs()) };
const listeners = new Set<() => void>();

export function setUi(patch: Partial<EditorUi>): void {
  ui = { ...ui, ...patch };
  if ('snap' in patch || 'minimap' in patch) {
    try {
      localStorage.setItem(PREFS_KEY, JSON.stringify({ snap: ui.snap, minimap: ui.minimap }));
    } catch {
      // not remembered
    }
  }
  listeners.forEach((l) => l());
}

export const getUi = () => ui;

export function useUi<T>(select: (u: EditorUi) => T): T {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => select(ui),
  );
}

export const openHelp = () => setUi({ help: true });
