// The Train tab: run controls, progress, the live loss chart, the data the graph trains on,
// optimizer settings, the backend and the weights. Training itself runs in the worker; this
// panel only sends commands and draws the reports it gets back.
import { useRef } from 'react';
import type { BackendChoice } from '../runtime/backend';
import type { RuntimeState } from '../runtime/worker-client';
import type { TrainReport } from '../runtime/worker-protocol';
import { useDoc } from '../state';
import { BackendSection } from './BackendSection';
import { duration, loss, rate } from './format';
import { LossChart } from './LossChart';
import { nodeInMessage, useShowNode } from '../ui/showNode';
import { TRAIN } from './testids';
import './train.css';
import { TrainingSettings } from './TrainingSettings';
import { useRuntime } from '../ui/useRuntime';
import { WeightsSection } from './WeightsSection';

/** Mean steps/s of the last few reports: steadier than the last one alone. */
function recentRate(reports: TrainReport[], key: 'stepsPerSec' | 'tokensPerSec'): number {
  const last = reports.slice(-3);
  return last.length ? last.reduce((a, r) => a + r[key], 0) / last.length : NaN;
}

function stateLabel(s: RuntimeState): string {
  if (!s.ready) return 'starting';
  if (s.pending === 'pausing') return 'pausing…';
  if (s.pending === 'stopping') return 'stopping…';
  return s.status.state === 'running' ? 'training' : s.status.state;
}

export function TrainPanel() {
  const [s, rt] = useRuntime();
  const showNode = useShowNode();
  const info = s.info;
  const { state, step, run } = s.status;
  const lastRun = useRef<{ startStep: number; target: number } | undefined>(undefined);
  if (run) lastRun.current = run;
  const shownRun = run ?? (lastRun.current && lastRun.current.target === step ? lastRun.current : undefined);
  const reports = s.reports;
  const last = reports[reports.length - 1];
  const lastVal = [...reports].reverse().find((r) => r.val)?.val;
  const stepsPerSec = recentRate(reports, 'stepsPerSec');
  const tokensPerSec = recentRate(reports, 'tokensPerSec');
  const remaining = shownRun ? shownRun.target - step : 0;
  const progress = shownRun ? Math.min(1, (step - shownRun.startStep) / Math.max(1, shownRun.target - shownRun.startStep)) : 0;
  const compiles = !!info?.ok;
  const canTrain = s.ready && compiles && !!info?.canTrain;
  const running = state === 'running';
  const badNode = nodeInMessage(s.status.message);
  const reportEvery = useDoc((d) => d.graph.training.reportEvery);
  const validateEvery = useDoc((d) => d.graph.training.validateEvery);

  return (
    <div className="tl-train" data-testid={TRAIN.panel}>
      <section className="tl-sec">
        <div className="tl-train-head">
          <span className={`tl-state tl-state-${running ? 'running' : state}`} data-testid={TRAIN.state} data-state={state}>
            {stateLabel(s)}
          </span>
          <span className="tl-muted">
            step <b data-testid={TRAIN.step}>{step}</b>
            {shownRun ? ` / ${shownRun.target}` : ''}
          </span>
          <span className="tl-muted tl-push" title="The backend training runs on">
            {s.status.backend}
          </span>
        </div>
        <div className="tl-train-controls">
          {state === 'running' ? (
            <button data-testid={TRAIN.pause} onClick={() => void rt.pause()} disabled={!!s.pending} title="Pause at the next report">
              ❚❚ Pause
            </button>
          ) : state === 'paused' ? (
            <button className="tl-primary" data-testid={TRAIN.resume} onClick={() => void rt.resume()} disabled={!canTrain} title="Continue the run from this step">
              ▶ Resume
            </button>
          ) : (
            <button className="tl-primary" data-testid={TRAIN.start} onClick={() => void rt.startTraining()} disabled={!canTrain} title="Train the graph for the steps set below">
              ▶ Start
            </button>
          )}
          <button data-testid={TRAIN.stop} onClick={() => void rt.stop()} disabled={state === 'idle' || !!s.pending} title="End the run (the weights are kept)">
            ■ Stop
          </button>
          <button data-testid={TRAIN.stepOnce} onClick={() => void rt.stepOnce()} disabled={!canTrain || running} title="Train on one batch">
            Step one batch
          </button>
        </div>
        <div className="tl-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)} data-testid={TRAIN.progress}>
          <div style={{ width: `${(progress * 100).toFixed(1)}%` }} />
        </div>
        <div className="tl-train-rates tl-muted">
          <span title="Estimated time left in this run">
            ETA <b data-testid={TRAIN.eta}>{running ? duration(remaining / stepsPerSec) : '—'}</b>
          </span>
          <span>
            <b data-testid={TRAIN.stepsPerSec}>{rate(stepsPerSec)}</b> steps/s
          </span>
          {info && info.tokensPerStep === 0 ? (
            <span title="Examples (rows of a batch) per second">
              <b data-testid={TRAIN.tokensPerSec}>{rate(stepsPerSec * info.batchSize)}</b> examples/s
            </span>
          ) : (
            <span title="Tokens (or pixels, for images) per second">
              <b data-testid={TRAIN.tokensPerSec}>{rate(tokensPerSec)}</b> {info?.data.some((d) => d.type === 'image-set') ? 'pixels/s' : 'tokens/s'}
            </span>
          )}
        </div>
        {s.status.message && (
          <div className={`tl-note ${s.status.nonFinite ? 'tl-note-error' : 'tl-note-warn'}`} data-testid={TRAIN.message} role="alert">
            {s.status.message}
            {badNode && (
              <button className="tl-link" onClick={() => showNode(badNode)}>
                Show node
              </button>
            )}
          </div>
        )}
        {s.error && (
          <div className="tl-note tl-note-error" role="alert">
            {s.error}
          </div>
        )}
        {info && !info.ok && (
          <div className="tl-note tl-note-warn">
            The graph does not compile, so it cannot train: {info.problems[0]}
            {info.problems.length > 1 ? ` (and ${info.problems.length - 1} more)` : ''}
          </div>
        )}
        {info?.ok && !info.canTrain && <div className="tl-note tl-note-warn">The graph has no loss node, so there is nothing to train. Add a cross-entropy, mse, bce or kl-loss node.</div>}
      </section>

      <section className="tl-sec">
        <h3>Loss</h3>
        {info?.lossLabels.length ? (
          <LossChart reports={reports} labels={info.lossLabels} />
        ) : (
          <p className="tl-muted">No loss terms yet.</p>
        )}
        {reports.length === 0 && info?.canTrain && (
          <p className="tl-muted tl-small">Press Start: the losses appear every {reportEvery} steps, the held-out loss every {validateEvery || '—'}.</p>
        )}
        {last && info && (
          <table className="tl-table tl-loss-table" data-testid={TRAIN.lossTable}>
            <thead>
              <tr>
                <th />
                <th>train</th>
                <th>held-out</th>
              </tr>
            </thead>
            <tbody>
              {[...(info.lossLabels.length > 1 ? info.lossLabels : []), 'total'].map((k) => (
                <tr key={k}>
                  <td>{k}</td>
                  <td className="tl-mono">{loss(last.losses[k])}</td>
                  <td className="tl-mono">{loss(lastVal?.[k])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="tl-sec" data-testid={TRAIN.data}>
        <h3>Data</h3>
        {info?.data.length ? (
          info.data.map((d) => (
            <div key={d.nodeId} className="tl-data-row">
              <div>
                <b>{d.type}</b> <code>{d.nodeId}</code>
                <button className="tl-link" onClick={() => showNode(d.nodeId)}>
                  Show
                </button>
              </div>
              <div className="tl-muted tl-small">{d.describe}</div>
            </div>
          ))
        ) : (
          <p className="tl-muted">{info?.ok === false ? 'Fix the graph to see its data.' : 'The graph has no data source: add one from the palette (data).'}</p>
        )}
        {info?.ok && (
          <div className="tl-muted tl-small">
            batch {info.batchSize} · {info.paramCount.toLocaleString('en')} parameters
            {info.adopted > 0 && info.adopted < info.weightCount ? ` · kept ${info.adopted} of ${info.weightCount} weights after the last edit` : ''}
          </div>
        )}
      </section>

      <section className="tl-sec">
        <h3>Optimizer</h3>
        <TrainingSettings />
      </section>

      <BackendSection
        choice={s.backendChoice}
        active={s.status.backend}
        hardwareWebgl={s.hardwareWebgl}
        onChoose={(c: BackendChoice) => void rt.setBackend(c)}
        busy={running}
      />

      <WeightsSection rt={rt} step={step} canUse={s.ready && compiles} />
    </div>
  );
}
