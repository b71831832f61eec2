// Node inspection: after a forward pass on a held-out batch, the selected node's outputs with
// their shape, mean / std / min / max and a histogram. With nothing selected, every node in a
// short table.
import { useState } from 'react';
import type { RuntimeClient } from '../runtime/worker-client';
import type { InspectResult, NodeStats, TensorStats } from '../runtime/worker-protocol';
import { docStore, useDoc } from '../state';
import { useShowNode } from '../ui/showNode';
import { PLAY } from './testids';

/** Short form for the table of all nodes: three significant digits. */
const short = (x: number) => (!Number.isFinite(x) ? String(x) : x === 0 ? '0' : Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4 ? x.toExponential(1) : String(Number(x.toPrecision(3))));

const num = (x: number) => (!Number.isFinite(x) ? String(x) : Math.abs(x) !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4) ? x.toExponential(2) : x.toFixed(4));

export function Histogram({ stats, width = 280, height = 64 }: { stats: TensorStats; width?: number; height?: number }) {
  const h = stats.histogram;
  const top = Math.max(1, ...h);
  const bw = width / Math.max(1, h.length);
  return (
    <svg className="tl-hist" width={width} height={height + 14} data-testid={PLAY.histogram} role="img" aria-label={`histogram from ${num(stats.min)} to ${num(stats.max)}`}>
      {h.map((c, i) => {
        const bh = c === 0 ? 0 : Math.max(1, (c / top) * height);
        return (
          <rect key={i} x={i * bw + 0.5} y={height - bh} width={Math.max(1, bw - 1)} height={bh}>
            <title>{`${c} values in [${num(stats.min + ((stats.max - stats.min) * i) / h.length)}, ${num(stats.min + ((stats.max - stats.min) * (i + 1)) / h.length)})`}</title>
          </rect>
        );
      })}
      <line x1={0} x2={width} y1={height + 0.5} y2={height + 0.5} />
      <text x={0} y={height + 12}>
        {num(stats.min)}
      </text>
      <text x={width} y={height + 12} textAnchor="end">
        {num(stats.max)}
      </text>
    </svg>
  );
}

function OutputStats({ port, s }: { port: string; s: TensorStats }) {
  return (
    <div className="tl-inspect-output">
      <div className="tl-inspect-port">
        <b>{port}</b> <code>[{s.shape.join(', ')}]</code> <span className="tl-muted">{s.dtype}</span>
      </div>
      <table className="tl-table tl-stats">
        <tbody>
          <tr>
            <td>mean</td>
            <td className="tl-mono">{num(s.mean)}</td>
            <td>std</td>
            <td className="tl-mono">{num(s.std)}</td>
          </tr>
          <tr>
            <td>min</td>
            <td className="tl-mono">{num(s.min)}</td>
            <td>max</td>
            <td className="tl-mono">{num(s.max)}</td>
          </tr>
        </tbody>
      </table>
      {s.nonFinite > 0 && <div className="tl-note tl-note-error">{s.nonFinite} values are NaN or infinite</div>}
      {s.count > 0 && <Histogram stats={s} />}
    </div>
  );
}

/** The flat nodes behind a document node: itself, its copies in repeated groups, or a group's outputs. */
function statsFor(result: InspectResult, docId: string, isGroup: boolean): NodeStats[] {
  if (!isGroup) return result.nodes.filter((n) => n.docId === docId);
  const outs = result.nodes.filter((n) => n.type === 'graph-output' && n.nodeId.startsWith(`${docId}[`));
  // The group's outputs leave from its last copy.
  const last = outs.reduce((m, n) => Math.max(m, Number(/\[(\d+)\]/.exec(n.nodeId.slice(docId.length))?.[1] ?? 0)), 0);
  return outs.filter((n) => n.nodeId.startsWith(`${docId}[${last}]/`));
}

export function InspectSection({ rt, step }: { rt: RuntimeClient; step: number }) {
  const [result, setResult] = useState<InspectResult>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const selected = useDoc((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0] : undefined));
  const node = useDoc((s) => (selected ? s.graph.nodes.find((n) => n.id === selected) : undefined));
  const showNode = useShowNode();

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await rt.request({ type: 'inspect' }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const shown = result && node ? statsFor(result, node.id, node.type === 'group') : [];
  return (
    <section className="tl-sec">
      <h3>Inspect nodes</h3>
      <div className="tl-row">
        <button data-testid={PLAY.inspectRun} onClick={() => void run()} disabled={busy}>
          {busy ? 'Running…' : 'Run forward pass'}
        </button>
        <span className="tl-muted tl-small">
          {result ? `held-out batch at step ${result.step}${result.step !== step ? ' (weights changed since)' : ''}` : 'on a held-out batch'}
        </span>
      </div>
      {error && <div className="tl-note tl-note-error">{error}</div>}
      {result && node && (
        <div data-testid={PLAY.inspectNode}>
          {shown.length === 0 && <p className="tl-muted">“{node.label ?? node.id}” has no output in the forward pass (it only runs in generation, or is not connected).</p>}
          {shown.map((n) => (
            <div key={n.nodeId} className="tl-inspect-node">
              <div className="tl-inspect-title">
                {n.type} <code>{n.nodeId}</code>
              </div>
              {Object.entries(n.outputs).map(([port, s]) => (
                <OutputStats key={port} port={port} s={s} />
              ))}
            </div>
          ))}
          <button className="tl-link" onClick={() => docStore.setSelection({ nodes: [], edges: [] })}>
            All nodes
          </button>
        </div>
      )}
      {result && !node && (
        <>
          <p className="tl-muted tl-small">Select a node on the canvas to see its histogram.</p>
          <table className="tl-table tl-inspect-list" data-testid={PLAY.inspectList}>
            <colgroup>
              <col style={{ width: '55%' }} />
              <col style={{ width: '45%' }} />
            </colgroup>
            <thead>
              <tr>
                <th>output</th>
                <th>mean ± std</th>
              </tr>
            </thead>
            <tbody>
              {result.nodes.flatMap((n) =>
                Object.entries(n.outputs).map(([port, s]) => (
                  <tr key={`${n.nodeId}.${port}`} onClick={() => showNode(n.nodeId)} title={`${n.nodeId}.${port} [${s.shape.join(', ')}]: select on the canvas`}>
                    <td>
                      <code>{n.nodeId}</code>.{port}
                    </td>
                    <td className={`tl-mono${s.nonFinite ? ' tl-bad' : ''}`}>
                      {short(s.mean)} ± {short(s.std)}
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
