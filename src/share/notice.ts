// What the sharing actions tell the user: one notice at a time — an error with every problem
// found (kept until closed), or a short confirmation (fades by itself).
import { useSyncExternalStore } from 'react';
import { formatProblem, type Problem } from '../graph/problems';

export interface Notice {
  kind: 'error' | 'info';
  title: string;
  lines: string[];
  /** A link to copy by hand when the clipboard refused it. */
  link?: string;
}

/** Problems listed in a notice; the rest are counted. */
export const MAX_LINES = 12;

let current: Notice | undefined;
let seq = 0;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function showNotice(n: Notice): void {
  current = n;
  const mine = ++seq;
  emit();
  if (n.kind === 'info' && !n.link)
    setTimeout(() => {
      if (seq === mine) clearNotice();
    }, 5000);
}

export function clearNotice(): void {
  current = undefined;
  emit();
}

export function getNotice(): Notice | undefined {
  return current;
}

/** Problems as notice lines: "line 3: …" where the file position is known, at most MAX_LINES. */
export function problemLines(problems: readonly Problem[]): string[] {
  const errors = problems.filter((p) => p.severity === 'error');
  const shown = (errors.length ? errors : problems).map((p) => formatProblem(p).replace(/^(error|warning): /, ''));
  return shown.length > MAX_LINES ? [...shown.slice(0, MAX_LINES - 1), `… and ${shown.length - MAX_LINES + 1} more problems`] : shown;
}

export function useNotice(): Notice | undefined {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => current,
  );
}
