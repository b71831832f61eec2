// Numbers for the training panel: durations, rates and losses, short and steady.

/** 75 → "1:15", 3725 → "1:02:05"; non-finite or negative → "—". */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Rates with two significant digits below 10, whole numbers above; thousands as k. */
export function rate(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x >= 10_000) return `${(x / 1000).toFixed(0)}k`;
  if (x >= 1000) return `${(x / 1000).toFixed(1)}k`;
  if (x >= 10) return x.toFixed(0);
  return x.toFixed(x >= 1 ? 1 : 2);
}

export function loss(x: number | undefined): string {
  if (x === undefined) return '—';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
  return x.toFixed(4);
}
