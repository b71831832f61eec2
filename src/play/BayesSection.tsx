// Bayesian net: the predictive mean with a ±2σ band over the input range, from many draws of
// every Gaussian weight, with the training points. "Posterior → prior" makes what was learned
// the prior; then training continues on new data (another sample of the data set).
import { useState } from 'react';
import type { RuntimeClient } from '../runtime/worker-client';
import type { BayesInfo, BayesResult } from '../runtime/worker-protocol';
import { docStore } from '../state';
import { PLAY } from './testids';

/** One decimal, and no "-0.0". */
const tick = (t: number) => (Math.abs(t) < 0.05 ? '0.0' : t.toFixed(1));

function BandChart({ r, width, height = 200 }: { r: BayesResult; width: number; height?: number }) {
  const pad = { l: 34, r: 8, t: 8, b: 20 };
  const x0 = r.xs[0];
  const x1 = r.xs[r.xs.length - 1];
  const lows = r.mean.map((m, i) => m - 2 * r.std[i]);
  const highs = r.mean.map((m, i) => m + 2 * r.std[i]);
  const ys = [...lows, ...highs, ...r.train.y].filter(Number.isFinite);
  let y0 = Math.min(...ys);
  let y1 = Math.max(...ys);
  const span = y1 - y0 || 1;
  y0 -= span * 0.05;
  y1 += span * 0.05;
  const sx = (x: number) => pad.l + ((x - x0) / (x1 - x0 || 1)) * (width - pad.l - pad.r);
  const sy = (y: number) => pad.t + (1 - (y - y0) / (y1 - y0)) * (height - pad.t - pad.b);
  const line = (vals: number[]) => vals.map((v, i) => `${i ? 'L' : 'M'}${sx(r.xs[i]).toFixed(1)},${sy(v).toFixed(1)}`).join('');
  const band = `${line(highs)}${lows
    .map((v, i) => [i, v] as const)
    .reverse()
    .map(([i, v]) => `L${sx(r.xs[i]).toFixed(1)},${sy(v).toFixed(1)}`)
    .join('')}Z`;
  const ticks = (a: number, b: number) => [a, (a + b) / 2, b];
  return (
    <svg className="tl-bayes" width={width} height={height} data-testid={PLAY.bayesChart} role="img" aria-label="Predictive mean with a two-sigma band">
      {ticks(y0, y1).map((t) => (
        <g key={`y${t}`}>
          <line className="grid" x1={pad.l} x2={width - pad.r} y1={sy(t)} y2={sy(t)} />
          <text x={pad.l - 4} y={sy(t) + 3} textAnchor="end">
            {tick(t)}
          </text>
        </g>
      ))}
      {ticks(x0, x1).map((t) => (
        <text key={`x${t}`} x={sx(t)} y={height - 6} textAnchor={t === x0 ? 'start' : t === x1 ? 'end' : 'middle'}>
          {tick(t)}
        </text>
      ))}
      <path className="band" d={band} />
      {r.curves.map((c, i) => (
        <path key={i} className="curve" d={line(c)} />
      ))}
      <path className="mean" d={line(r.mean)} />
      {r.train.x.map((x, i) => (
        <circle key={i} className="point" cx={sx(x)} cy={sy(r.train.y[i])} r={1.8} />
      ))}
    </svg>
  );
}

export function BayesSection({ bayes, rt, width, step }: { bayes: BayesInfo; rt: RuntimeClient; width: number; step: number }) {
  const [samples, setSamples] = useState('64');
  const [result, setResult] = useState<BayesResult & { step: number }>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const [priorAt, setPriorAt] = useState<number>();

  const draw = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const n = Math.min(1000, Math.max(2, Math.round(Number(samples)) || 64));
      setResult({ ...(await rt.request({ type: 'bayes', samples: n })), step });
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const toPrior = async () => {
    try {
      const r = await rt.request({ type: 'posteriorToPrior' });
      setPriorAt(step);
      setMessage({ kind: 'ok', text: `The posterior of ${r.nodes.join(', ')} is now the prior. Train on new data to update it.` });
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
  };

  // New data: the same data set drawn again with another seed (the weights and prior carry over).
  const newData = () => {
    docStore.update(
      (g) => {
        const n = g.nodes.find((x) => x.id === bayes.sourceId);
        if (n) n.params.seed = (typeof n.params.seed === 'number' ? n.params.seed : 1) + 1;
      },
      { label: 'new data sample' },
    );
    setMessage({ kind: 'ok', text: 'The data source now draws a new sample. Press Start in the Train tab to continue training on it.' });
  };

  return (
    <section className="tl-sec">
      <h3>Bayesian predictive</h3>
      <div className="tl-row">
        <button data-testid={PLAY.bayesRun} onClick={() => void draw()} disabled={busy}>
          {busy ? 'Sampling…' : result ? 'Redraw' : 'Draw predictive band'}
        </button>
        <label className="tl-inline" title="Weight samples: each draws every Gaussian weight afresh">
          samples
          <input className="tl-input tl-narrow" type="number" min={2} max={1000} value={samples} onChange={(e) => setSamples(e.target.value)} />
        </label>
      </div>
      {result && (
        <>
          <BandChart r={result} width={width} />
          <div className="tl-muted tl-small">
            mean ± 2σ of {result.samples} weight samples at step {result.step}
            {result.step !== step ? ' (trained since)' : ''}; thin lines: single samples; dots: training data
          </div>
        </>
      )}
      <div className="tl-row tl-gap">
        <button data-testid={PLAY.posteriorToPrior} onClick={() => void toPrior()} title="priorμ ← μ, priorσ ← softplus(ρ) for every Gaussian weight">
          Posterior → prior
        </button>
        <button data-testid={PLAY.newData} onClick={newData} disabled={priorAt === undefined} title={`Draw a new sample of the ${bayes.sourceType} data (its seed + 1)`}>
          New data sample
        </button>
      </div>
      {message && <div className={`tl-note ${message.kind === 'ok' ? 'tl-note-ok' : 'tl-note-error'}`}>{message.text}</div>}
    </section>
  );
}
