// Dark and light theme: a data-theme attribute on <html> drives the CSS variables; the
// choice is remembered in localStorage.
import { useSyncExternalStore } from 'react';

export type Theme = 'dark' | 'light';
const KEY = 'tensorloom.theme';
const listeners = new Set<() => void>();

function initial(): Theme {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'dark' || saved === 'light') return saved;
  } catch {
    // storage blocked: fall through
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

let current: Theme = typeof document === 'undefined' ? 'dark' : initial();
if (typeof document !== 'undefined') document.documentElement.dataset.theme = current;

export function getTheme(): Theme {
  return current;
}

export function setTheme(t: Theme): void {
  current = t;
  document.documentElement.dataset.theme = t;
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // not remembered, still applied
  }
  listeners.forEach((l) => l());
}

export function toggleTheme(): void {
  setTheme(current === 'dark' ? 'light' : 'dark');
}

export function useTheme(): Theme {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
