// React bindings of the document store: a selector hook that re-renders only when the
// selected value changes.
import { useSyncExternalStore } from 'react';
import { docStore } from './appStore';
import type { DocState, DocStore } from './store';

/** Subscribes to a slice of the app's document state (return stable values: fields, not new objects). */
export function useDoc<T>(selector: (s: DocState) => T, store: DocStore = docStore): T {
  return useSyncExternalStore(
    store.subscribe,
    () => selector(store.getState()),
    () => selector(store.getState()),
  );
}
