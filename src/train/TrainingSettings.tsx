// Optimizer settings. They live in graph.training, so they are edited through the document
// store: saved, shared and undone with the graph. A value outside the schema's range is shown
// as invalid and not written.
import { useEffect, useState } from 'react';
import { TrainingSchema, type TrainingSettings as Settings } from '../graph/schema';
import { docStore, useDoc } from '../state';
import { TRAIN } from './testids';

type NumericKey = 'learningRate' | 'batchSize' | 'steps' | 'clipNorm' | 'seed' | 'reportEvery' | 'validateEvery' | 'weightDecay';

const FIELDS: { key: NumericKey; label: string; help: string; step?: number; optional?: boolean }[] = [
  { key: 'learningRate', label: 'learning rate', help: 'step size of the optimizer', step: 0.0005 },
  { key: 'batchSize', label: 'batch', help: 'examples per step; empty: the data source’s batch size', optional: true },
  { key: 'steps', label: 'steps', help: 'steps in one run (Start trains this many more)' },
  { key: 'clipNorm', label: 'clip norm', help: 'gradients are scaled down to this global norm; 0: no clipping', step: 0.1 },
  { key: 'weightDecay', label: 'weight decay', help: 'decoupled (AdamW) decay of weight matrices', step: 0.01 },
  { key: 'seed', label: 'seed', help: 'initial weights, batches and noise all follow from it' },
  { key: 'reportEvery', label: 'report every', help: 'losses are read back from the device every this many steps' },
  { key: 'validateEvery', label: 'validate every', help: 'held-out loss every this many steps; 0: never' },
];

function check(key: NumericKey, text: string): { ok: true; value: number | undefined } | { ok: false; message: string } {
  if (text.trim() === '') {
    const field = FIELDS.find((f) => f.key === key)!;
    return field.optional ? { ok: true, value: undefined } : { ok: false, message: 'a number is needed' };
  }
  const n = Number(text);
  const r = TrainingSchema.shape[key].safeParse(n);
  if (!Number.isFinite(n) || !r.success) return { ok: false, message: r.success ? 'not a number' : r.error.issues[0]?.message ?? 'out of range' };
  return { ok: true, value: n };
}

function setSetting(key: NumericKey, value: number | undefined, label: string) {
  docStore.update(
    (g) => {
      if (value === undefined) delete (g.training as Partial<Settings>)[key];
      else (g.training as Record<string, unknown>)[key] = value;
    },
    { merge: `training.${key}`, label: `set ${label}` },
  );
}

function NumberField({ field, value }: { field: (typeof FIELDS)[number]; value: number | undefined }) {
  const shown = value === undefined ? '' : String(value);
  const [text, setText] = useState(shown);
  const [focused, setFocused] = useState(false);
  // Follow the document (undo, another panel) unless the user is typing here.
  useEffect(() => {
    if (!focused) setText(shown);
  }, [shown, focused]);
  const res = check(field.key, text);
  return (
    <label className="tl-field" title={field.help}>
      <span>{field.label}</span>
      <input
        className={`tl-input${res.ok ? '' : ' tl-invalid'}`}
        data-testid={TRAIN.setting(field.key)}
        type="number"
        inputMode="decimal"
        step={field.step ?? 1}
        value={text}
        placeholder={field.optional ? 'from data' : undefined}
        aria-invalid={!res.ok}
        title={res.ok ? field.help : res.message}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          docStore.sealHistory();
        }}
        onChange={(e) => {
          setText(e.target.value);
          const r = check(field.key, e.target.value);
          if (r.ok) setSetting(field.key, r.value, field.label);
        }}
      />
    </label>
  );
}

export function TrainingSettings() {
  const training = useDoc((s) => s.graph.training);
  return (
    <div className="tl-train-settings">
      <label className="tl-field" title="Adam (with decoupled weight decay) or plain SGD">
        <span>optimizer</span>
        <select
          className="tl-input"
          data-testid={TRAIN.setting('optimizer')}
          value={training.optimizer}
          onChange={(e) => docStore.update((g) => void (g.training.optimizer = e.target.value as Settings['optimizer']), { label: 'set optimizer' })}
        >
          <option value="adam">Adam</option>
          <option value="sgd">SGD</option>
        </select>
      </label>
      {FIELDS.map((f) => (
        <NumberField key={f.key} field={f} value={training[f.key] as number | undefined} />
      ))}
    </div>
  );
}
