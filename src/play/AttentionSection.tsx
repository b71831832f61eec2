// Attention heatmaps of every head of every attention node (each layer of a repeated block)
// on the last input: small multiples to compare, one enlarged with the tokens on both axes.
import { useEffect, useRef, useState } from 'react';
import type { RuntimeClient } from '../runtime/worker-client';
import type { AttentionResult, HeatMap } from '../runtime/worker-protocol';
import { HeatmapLarge, HeatmapThumb } from './Heatmap';
import { Modal } from './Modal';
import { PLAY } from './testids';

export interface AttentionInputValue {
  text?: string;
  source?: string;
  target?: string;
}

const describeInput = (i: AttentionInputValue) =>
  i.source !== undefined ? `source “${i.source}” → “${i.target ?? ''}”` : i.text ? `“${i.text.length > 60 ? `…${i.text.slice(-60)}` : i.text}”` : 'a held-out example';

const mapTitle = (m: HeatMap) => `${m.nodeId} · head ${m.head + 1}${m.cross ? ' · cross' : ''}`;

/** Maps grouped by node, in forward order (layer by layer). */
function byNode(maps: HeatMap[]): [string, HeatMap[]][] {
  const groups = new Map<string, HeatMap[]>();
  for (const m of maps) groups.set(m.nodeId, [...(groups.get(m.nodeId) ?? []), m]);
  return [...groups];
}

export function AttentionSection({ rt, input, width, only, auto }: { rt: RuntimeClient; input: AttentionInputValue; width: number; only?: 'cross'; auto?: boolean }) {
  const [result, setResult] = useState<AttentionResult>();
  const [shownFor, setShownFor] = useState<AttentionInputValue>();
  const [pick, setPick] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [expanded, setExpanded] = useState(false);
  const used = useRef(false);

  const run = async (inp: AttentionInputValue) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await rt.request({ type: 'attention', ...inp });
      used.current = true;
      setResult(r);
      setShownFor(inp);
      setPick((p) => (p < r.maps.length ? p : 0));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  // Once shown (or from the start with auto), the maps follow the latest input.
  const key = JSON.stringify(input);
  useEffect(() => {
    if (used.current || auto) void run(input);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const maps = (result?.maps ?? []).filter((m) => (only === 'cross' ? m.cross : true));
  const chosen = maps[pick] ?? maps[0];
  return (
    <section className="tl-sec">
      <h3>{only === 'cross' ? 'Cross-attention' : 'Attention maps'}</h3>
      <div className="tl-row">
        <button data-testid={PLAY.attentionRun} onClick={() => void run(input)} disabled={busy}>
          {busy ? 'Running…' : result ? 'Refresh' : 'Show attention'}
        </button>
        <span className="tl-muted tl-small tl-ellipsis" title={describeInput(shownFor ?? input)}>
          on {describeInput(shownFor ?? input)}
        </span>
      </div>
      {error && <div className="tl-note tl-note-error">{error}</div>}
      {result && maps.length === 0 && <p className="tl-muted">No attention map on this input.</p>}
      {maps.length > 0 && (
        <>
          <div className="tl-heat-grid" data-testid={PLAY.attentionGrid}>
            {byNode(maps).map(([nodeId, ms]) => (
              <div key={nodeId} className="tl-heat-row">
                <div className="tl-heat-row-label tl-small tl-muted" title={nodeId}>
                  {nodeId} · {ms[0].cross ? 'cross-attention' : 'self-attention'}
                </div>
                <div className="tl-heat-thumbs">
                  {ms.map((m) => {
                    const i = maps.indexOf(m);
                    return <HeatmapThumb key={i} data={m.data} rows={m.rows.length} cols={m.cols.length} size={ms.length > 4 ? 40 : 56} label={`h${m.head + 1}`} selected={m === chosen} onClick={() => setPick(i)} />;
                  })}
                </div>
              </div>
            ))}
          </div>
          {chosen && (
            <>
              <div className="tl-tree-head">
                <h4>{mapTitle(chosen)}</h4>
                <button className="tl-link" onClick={() => setExpanded(true)}>
                  Enlarge
                </button>
              </div>
              <HeatmapLarge data={chosen.data} rows={chosen.rows} cols={chosen.cols} width={width} />
            </>
          )}
          {expanded && chosen && (
            <Modal title={mapTitle(chosen)} onClose={() => setExpanded(false)}>
              {(w) => <HeatmapLarge data={chosen.data} rows={chosen.rows} cols={chosen.cols} width={Math.min(w, 900)} />}
            </Modal>
          )}
        </>
      )}
    </section>
  );
}
