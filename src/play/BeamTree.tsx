// The beam tree: one column per generated step, each hypothesis considered at that step as a
// box with its token and sequence probability, joined to the hypothesis it extends. Kept
// hypotheses are solid, pruned ones faded, finished (end-of-sequence) ones green, and the
// winning path is highlighted.
import type { ReactElement } from 'react';
import type { TreeStep } from '../runtime/worker-protocol';

const COL = 78;
const BOX_W = 66;
const BOX_H = 20;
const ROW = 26;
const PAD = 6;

const pct = (p: number) => (p >= 0.995 ? '1.00' : p >= 0.01 ? p.toFixed(2) : p > 0 ? p.toExponential(0).replace('e-', 'e−') : '0');

export function BeamTree({ tree, maxSteps }: { tree: TreeStep[]; maxSteps?: number }) {
  const steps = maxSteps ? tree.slice(0, maxSteps) : tree;
  const rows = Math.max(1, ...steps.map((s) => s.candidates.length));
  const width = PAD * 2 + COL * (steps.length + 1);
  const height = PAD * 2 + ROW * rows;
  const x = (col: number) => PAD + col * COL;
  const y = (row: number) => PAD + row * ROW;
  const rootY = y(0);

  const edges: ReactElement[] = [];
  const boxes: ReactElement[] = [];
  steps.forEach((step, si) => {
    const prev = si > 0 ? steps[si - 1] : undefined;
    step.candidates.forEach((c, ri) => {
      const cx = x(si + 1);
      const cy = y(ri);
      const px = si === 0 ? x(0) + BOX_W : x(si) + BOX_W;
      const py = (si === 0 ? rootY : c.parent >= 0 ? y(c.parent) : cy) + BOX_H / 2;
      const parentDrawn = si === 0 || (c.parent >= 0 && !!prev?.candidates[c.parent]);
      const cls = c.best ? 'best' : c.finished ? 'finished' : c.kept ? 'kept' : 'pruned';
      if (parentDrawn) {
        const mid = (px + cx) / 2;
        edges.push(<path key={`e${si}-${ri}`} className={`tl-beam-edge ${cls}`} d={`M${px},${py} C${mid},${py} ${mid},${cy + BOX_H / 2} ${cx},${cy + BOX_H / 2}`} />);
      }
      const p = Math.exp(c.logProb);
      const cond = si > 0 && c.parent >= 0 && prev?.candidates[c.parent] ? Math.exp(c.logProb - prev.candidates[c.parent].logProb) : p;
      boxes.push(
        <g
          key={`n${si}-${ri}`}
          className={`tl-beam-node ${cls}`}
          transform={`translate(${cx},${cy})`}
          data-testid="beam-node"
          data-step={step.step}
          data-best={c.best || undefined}
          data-kept={c.kept || undefined}
          data-finished={c.finished || undefined}
        >
          <title>{`step ${step.step}: “${c.text}” — sequence probability ${p.toPrecision(3)}, this token ${cond.toPrecision(3)}${c.finished ? ' (finished)' : c.kept ? ' (kept in the beam)' : ' (pruned)'}`}</title>
          <rect width={BOX_W} height={BOX_H} rx={4} />
          <text className="tok" x={5} y={BOX_H / 2 + 4}>
            {c.text.length > 5 ? `${c.text.slice(0, 4)}…` : c.text}
          </text>
          <text className="prob" x={BOX_W - 5} y={BOX_H / 2 + 4} textAnchor="end">
            {pct(p)}
          </text>
        </g>,
      );
    });
  });

  return (
    <svg className="tl-beam-tree" width={width} height={height} data-testid="beam-tree" data-steps={steps.length} role="img" aria-label="Beam search tree">
      <g className="tl-beam-node root" transform={`translate(${x(0)},${rootY})`}>
        <rect width={BOX_W} height={BOX_H} rx={4} />
        <text className="tok" x={BOX_W / 2} y={BOX_H / 2 + 4} textAnchor="middle">
          start
        </text>
      </g>
      {edges}
      {boxes}
    </svg>
  );
}
