// Save the trained weights as a file next to the graph JSON, load them back (a file that does
// not fit says which node and weight disagree, and changes nothing), or re-initialise them.
import { useEffect, useRef, useState } from 'react';
import type { RuntimeClient } from '../runtime/worker-client';
import { useDoc } from '../state';
import { TRAIN } from './testids';

/** "GPT (character level)" → "gpt-character-level". */
export function fileSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'graph';
}

type Message = { kind: 'ok' | 'error'; text: string; details?: string[] };

export function WeightsSection({ rt, step, canUse }: { rt: RuntimeClient; step: number; canUse: boolean }) {
  const name = useDoc((s) => s.graph.name);
  const fileInput = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<Message>();
  const [confirmReset, setConfirmReset] = useState(false);

  // The reset button asks once more, for a few seconds.
  useEffect(() => {
    if (!confirmReset) return;
    const t = setTimeout(() => setConfirmReset(false), 4000);
    return () => clearTimeout(t);
  }, [confirmReset]);

  const save = async () => {
    try {
      const file = await rt.request({ type: 'saveWeights' });
      const blob = new Blob([JSON.stringify(file)], { type: 'application/json' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${fileSlug(name)}.weights.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      setMessage({ kind: 'ok', text: `Saved ${Object.keys(file.weights).length} weights at step ${file.step ?? step} as ${a.download}.` });
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
  };

  const load = async (f: File) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await f.text());
    } catch (e) {
      setMessage({ kind: 'error', text: `${f.name} is not JSON: ${(e as Error).message}. Nothing was changed.` });
      return;
    }
    try {
      const r = await rt.loadWeights(parsed);
      if (r.ok) setMessage({ kind: 'ok', text: `Loaded ${f.name} (step ${r.step}).` });
      else setMessage({ kind: 'error', text: `${f.name} does not fit this graph. Nothing was changed.`, details: r.errors });
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
  };

  return (
    <section className="tl-sec">
      <h3>Weights</h3>
      <div className="tl-train-controls">
        <button data-testid={TRAIN.saveWeights} onClick={() => void save()} disabled={!canUse} title="Download the weights as JSON">
          Save weights
        </button>
        <button data-testid={TRAIN.loadWeights} onClick={() => fileInput.current?.click()} disabled={!canUse} title="Load weights saved from this graph">
          Load weights…
        </button>
        <button
          data-testid={TRAIN.resetWeights}
          className={confirmReset ? 'tl-danger' : undefined}
          disabled={!canUse}
          onClick={() => {
            if (!confirmReset) return setConfirmReset(true);
            setConfirmReset(false);
            setMessage(undefined);
            void rt.resetWeights();
          }}
          title="Re-initialise every weight from the seed"
        >
          {confirmReset ? 'Click to reset' : 'Reset weights'}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="weights-file-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void load(f);
          }}
        />
      </div>
      {message && (
        <div className={`tl-note ${message.kind === 'ok' ? 'tl-note-ok' : 'tl-note-error'}`} data-testid={TRAIN.weightsMessage}>
          {message.text}
          {message.details && (
            <ul>
              {message.details.slice(0, 12).map((d) => (
                <li key={d}>{d}</li>
              ))}
              {message.details.length > 12 && <li>… and {message.details.length - 12} more</li>}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
