// The live loss chart (uPlot): one line per loss term, the total when there are several
// terms, and the held-out loss as dots joined across the steps it was measured at.
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TrainReport } from '../runtime/worker-protocol';
import { useTheme } from '../ui/theme';
import { loss } from './format';

const PALETTE = ['#5b9dff', '#e3a33b', '#b674dd', '#41b98e', '#f0595e', '#8d99a8', '#d36fa8'];
const VAL_COLOR = '#f0595e';

export interface ChartSeries {
  label: string;
  key: string;
  val?: boolean;
}

/** The lines to draw for these loss labels. */
export function chartSeries(labels: string[]): ChartSeries[] {
  const terms = labels.map((l) => ({ label: l, key: l }));
  // With one term the total is the same line; draw it once.
  const train = labels.length > 1 ? [{ label: 'total', key: 'total' }, ...terms] : terms;
  return [...train, { label: 'held-out', key: 'total', val: true }];
}

/** uPlot's column data: steps, then one column per series (null where not measured). */
export function chartData(reports: TrainReport[], series: ChartSeries[]): uPlot.AlignedData {
  const xs = reports.map((r) => r.step);
  const cols = series.map((s) => reports.map((r) => (s.val ? (r.val?.[s.key] ?? null) : (r.losses[s.key] ?? null))));
  return [xs, ...cols] as uPlot.AlignedData;
}

/** Axis numbers that fit 40 px: 0.52, 3.1, 250, 1.5e+8. */
export function tickLabel(t: number): string {
  const a = Math.abs(t);
  if (a === 0) return '0';
  if (a >= 1e4 || a < 1e-3) return t.toExponential(1);
  if (a >= 100) return t.toFixed(0);
  return String(Number(t.toPrecision(2)));
}

function lastValue(col: (number | null | undefined)[]): number | null {
  for (let i = col.length - 1; i >= 0; i--) if (col[i] !== null && col[i] !== undefined) return col[i] as number;
  return null;
}

export function LossChart({ reports, labels, height = 180 }: { reports: TrainReport[]; labels: string[]; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useTheme();
  const series = useMemo(() => chartSeries(labels), [labels]);
  const data = useMemo(() => chartData(reports, series), [reports, series]);
  const dataRef = useRef(data);
  dataRef.current = data;

  // (Re)create the plot when the lines or the theme change; data updates go through setData.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const css = getComputedStyle(el);
    const text = css.getPropertyValue('--tl-muted').trim() || '#8792a1';
    const grid = css.getPropertyValue('--tl-border').trim() || '#2a313b';
    const axis: uPlot.Axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      padding: [8, 8, 0, 0],
      legend: { show: true, live: true },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false } },
      axes: [
        { ...axis, label: 'step', labelSize: 14, labelFont: '11px system-ui, sans-serif' },
        { ...axis, size: 46, values: (_u, ticks) => ticks.map(tickLabel) },
      ],
      series: [
        { label: 'step', value: (u: uPlot, v: number | null, _si: number, idx: number | null) => String((idx === null || idx === undefined ? lastValue(u.data[0] as number[]) : v) ?? '—') },
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.val ? VAL_COLOR : PALETTE[i % PALETTE.length],
          width: s.val ? 1.5 : s.key === 'total' ? 2 : 1.5,
          dash: s.val ? [5, 4] : undefined,
          spanGaps: s.val,
          points: { show: s.val ? true : undefined, size: 5 },
          // Away from the cursor the legend shows the latest value instead of a dash.
          value: (u: uPlot, v: number | null, si: number, idx: number | null) => {
            if (idx === null || idx === undefined) v = lastValue(u.data[si] as (number | null)[]);
            return v === null || v === undefined ? '—' : loss(v);
          },
        })),
      ],
    };
    const u = new uPlot(opts, dataRef.current, el);
    plot.current = u;
    const resize = new ResizeObserver(() => {
      const w = Math.max(200, el.clientWidth);
      if (w !== u.width) u.setSize({ width: w, height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [series, theme, height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  const first = reports[0];
  const last = reports[reports.length - 1];
  // The numbers behind the drawing, for tests and tools that read the page.
  return (
    <div
      className="tl-loss-chart"
      ref={host}
      data-testid="loss-chart"
      data-points={reports.length}
      data-first-step={first?.step}
      data-last-step={last?.step}
      data-first-loss={first?.losses.total}
      data-last-loss={last?.losses.total}
    />
  );
}
