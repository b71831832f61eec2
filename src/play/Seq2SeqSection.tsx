// Seq2Seq: type a source sequence, see the decoded output, and (below, through the attention
// section) its cross-attention map: which source tokens each output token looked at.
import { useState } from 'react';
import type { RuntimeClient } from '../runtime/worker-client';
import type { GenerateResultMsg, GenerationInfo } from '../runtime/worker-protocol';
import { PLAY } from './testids';

export function Seq2SeqSection({ gen, rt, onDecoded }: { gen: GenerationInfo; rt: RuntimeClient; onDecoded: (source: string, target: string) => void }) {
  const [source, setSource] = useState(gen.examples[0] ?? '');
  const [width, setWidth] = useState(String(gen.beamWidth));
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<GenerateResultMsg>();
  const [error, setError] = useState<string>();

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const w = Math.min(16, Math.max(1, Math.round(Number(width)) || 1));
      const r = await rt.request({ type: 'generate', source, beamWidth: w, maxLength: gen.maxLength });
      setResult(r);
      onDecoded(source, r.text);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="tl-sec">
      <h3>Translate a sequence</h3>
      <div className="tl-row">
        <input
          className="tl-input tl-mono"
          data-testid={PLAY.s2sSource}
          list="tl-s2s-examples"
          value={source}
          placeholder="source sequence"
          onChange={(e) => setSource(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void run()}
        />
        <datalist id="tl-s2s-examples">
          {gen.examples.map((x) => (
            <option key={x} value={x} />
          ))}
        </datalist>
        <label className="tl-inline" title="Beam width (1 = greedy)">
          beam
          <input className="tl-input tl-narrow" type="number" min={1} max={16} value={width} onChange={(e) => setWidth(e.target.value)} />
        </label>
        <button className="tl-primary" data-testid={PLAY.s2sRun} onClick={() => void run()} disabled={busy}>
          {busy ? '…' : 'Decode'}
        </button>
      </div>
      {gen.examples.length > 0 && <div className="tl-muted tl-small">held-out examples: {gen.examples.slice(0, 4).join(' · ')}</div>}
      {error && <div className="tl-note tl-note-error">{error}</div>}
      {result && (
        <div className="tl-s2s-out" data-testid={PLAY.s2sOutput}>
          <span className="tl-muted">→</span> <b className="tl-mono">{result.text || '∅ (end of sequence at once)'}</b>
          <div className="tl-muted tl-small">
            p = {result.probability.toPrecision(3)} · {result.tokens.length} tokens · {Math.round(result.ms)} ms
          </div>
        </div>
      )}
    </section>
  );
}
