// Number and size formatting shared by the canvas and the panels.
import type { Dim } from '../../nodes/api';

export function fmtShape(shape: readonly Dim[]): string {
  return `[${shape.join(', ')}]`;
}

/** 1234 → "1.2k", 5_300_000 → "5.3M": for node headers, where space is short. */
export function compactCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 1 : 0)}k`;
  if (n < 1e9) return `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)}M`;
  return `${(n / 1e9).toFixed(1)}B`;
}

export function fullCount(n: number): string {
  return n.toLocaleString('en');
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
