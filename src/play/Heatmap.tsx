// An attention map drawn on a canvas: queries down, keys across, weight as colour. The
// thumbnail is just the cells; the large view adds the tokens on both axes and a readout of
// the cell under the pointer.
import { useEffect, useRef, useState } from 'react';
import { viridis } from './colormap';

/** Draws a rows × cols map into a canvas at one pixel per cell (scaled up by CSS or drawImage). */
function cellsImage(data: Float32Array, rows: number, cols: number, max: number): ImageData {
  const img = new ImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) {
    const [r, g, b] = viridis(max > 0 ? data[i] / max : 0);
    img.data[i * 4] = r;
    img.data[i * 4 + 1] = g;
    img.data[i * 4 + 2] = b;
    img.data[i * 4 + 3] = 255;
  }
  return img;
}

const maxOf = (d: Float32Array) => d.reduce((m, x) => (x > m ? x : m), 0);

export function HeatmapThumb({ data, rows, cols, size = 72, label, onClick, selected }: { data: Float32Array; rows: number; cols: number; size?: number; label: string; onClick?: () => void; selected?: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = cols;
    c.height = rows;
    c.getContext('2d')?.putImageData(cellsImage(data, rows, cols, maxOf(data)), 0, 0);
  }, [data, rows, cols]);
  return (
    <button className={`tl-heat-thumb${selected ? ' selected' : ''}`} onClick={onClick} title={`${label}: click to enlarge`} data-testid="attention-thumb">
      <canvas ref={ref} style={{ width: size, height: size }} />
      <span>{label}</span>
    </button>
  );
}

const FONT = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/** Space the longest label needs, in CSS pixels (labels are cut to 6 characters). */
function labelSpace(labels: string[]): number {
  const longest = labels.reduce((m, t) => Math.max(m, Math.min(6, t.length)), 1);
  return 8 + longest * 7;
}

/** The large map with token labels. `width` is the space available in CSS pixels. */
export function HeatmapLarge({ data, rows, cols, width, title }: { data: Float32Array; rows: string[]; cols: string[]; width: number; title?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ r: number; c: number }>();
  // Single characters stand upright above the columns; longer tokens are turned sideways.
  const upright = cols.every((t) => t.length <= 1);
  const leftSpace = labelSpace(rows);
  const topSpace = upright ? 16 : labelSpace(cols);
  const cell = Math.max(4, Math.min(24, Math.floor((width - leftSpace - 4) / Math.max(cols.length, 1))));
  const showLabels = cell >= 8;
  const left = showLabels ? leftSpace : 0;
  const top = showLabels ? topSpace : 0;
  const w = left + cell * cols.length;
  const h = top + cell * rows.length;

  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = w * dpr;
    c.height = h * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const src = document.createElement('canvas');
    src.width = cols.length;
    src.height = rows.length;
    src.getContext('2d')!.putImageData(cellsImage(data, rows.length, cols.length, maxOf(data)), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(src, left, top, cell * cols.length, cell * rows.length);
    if (!showLabels) return;
    ctx.fillStyle = getComputedStyle(c).getPropertyValue('--tl-text').trim() || '#ccc';
    ctx.font = FONT;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    rows.forEach((t, i) => ctx.fillText(t.slice(0, 6), left - 4, top + i * cell + cell / 2));
    if (upright) {
      ctx.textAlign = 'center';
      cols.forEach((t, j) => ctx.fillText(t, left + j * cell + cell / 2, top - 8));
      return;
    }
    ctx.textAlign = 'left';
    cols.forEach((t, j) => {
      ctx.save();
      ctx.translate(left + j * cell + cell / 2, top - 4);
      ctx.rotate(-Math.PI / 2);
      ctx.fillText(t.slice(0, 6), 0, 0);
      ctx.restore();
    });
  }, [data, rows, cols, cell, w, h, left, top, showLabels, upright]);

  const at = hover ? data[hover.r * cols.length + hover.c] : undefined;
  return (
    <div className="tl-heat-large" data-testid="attention-large">
      {title && <div className="tl-heat-title">{title}</div>}
      <canvas
        ref={ref}
        style={{ width: w, height: h }}
        onMouseMove={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          const c = Math.floor((e.clientX - rect.left - left) / cell);
          const r = Math.floor((e.clientY - rect.top - top) / cell);
          setHover(r >= 0 && c >= 0 && r < rows.length && c < cols.length ? { r, c } : undefined);
        }}
        onMouseLeave={() => setHover(undefined)}
      />
      <div className="tl-heat-readout tl-muted">
        {hover && at !== undefined ? (
          <>
            query <b>{rows[hover.r]}</b> (#{hover.r}) → key <b>{cols[hover.c]}</b> (#{hover.c}): <b>{at.toFixed(3)}</b>
          </>
        ) : (
          'rows: queries · columns: keys · brighter = more attention'
        )}
      </div>
    </div>
  );
}
