// Text generation from a prompt: greedy, beam search of width N, or temperature / top-k
// sampling, with the search tree drawn underneath.
import { useState } from 'react';
import type { RuntimeClient } from '../runtime/worker-client';
import type { GenerateResultMsg, GenerationInfo } from '../runtime/worker-protocol';
import { BeamTree } from './BeamTree';
import { Modal } from './Modal';
import { PLAY } from './testids';

type Mode = 'greedy' | 'beam' | 'sample';

const clampInt = (v: string, lo: number, hi: number, d: number) => {
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : d;
};

export function GenerateSection({ gen, rt, onGenerated }: { gen: GenerationInfo; rt: RuntimeClient; onGenerated: (fullText: string) => void }) {
  const [prompt, setPrompt] = useState(() => gen.examples[0]?.trimStart() ?? '');
  const [mode, setMode] = useState<Mode>(gen.sampling === 'temperature' ? 'sample' : gen.beamWidth > 1 ? 'beam' : 'greedy');
  const [width, setWidth] = useState(String(Math.max(2, gen.beamWidth)));
  const [temperature, setTemperature] = useState(String(gen.temperature));
  const [topK, setTopK] = useState(String(gen.topK || 10));
  const [maxTokens, setMaxTokens] = useState(String(Math.min(gen.maxLength, 80)));
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<GenerateResultMsg>();
  const [error, setError] = useState<string>();
  const [expanded, setExpanded] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const temp = Number(temperature);
      const r = await rt.request({
        type: 'generate',
        prompt,
        maxLength: clampInt(maxTokens, 1, 1000, 40),
        beamWidth: mode === 'beam' ? clampInt(width, 1, 32, 3) : 1,
        sampling: mode === 'sample' ? 'temperature' : 'off',
        temperature: Number.isFinite(temp) && temp > 0 ? temp : 1,
        topK: mode === 'sample' ? clampInt(topK, 0, 100000, 0) : 0,
        seed: mode === 'sample' ? Math.floor(Math.random() * 2 ** 31) : undefined,
      });
      setResult(r);
      onGenerated(r.promptText + r.text);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="tl-sec">
      <h3>Generate text</h3>
      <textarea
        className="tl-input tl-gen-prompt"
        data-testid={PLAY.genPrompt}
        rows={2}
        value={prompt}
        placeholder="A prompt to continue"
        onChange={(e) => setPrompt(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void run();
        }}
      />
      <div className="tl-segmented" role="radiogroup" aria-label="Decoding">
        {(['greedy', 'beam', 'sample'] as const).map((m) => (
          <button key={m} role="radio" aria-checked={mode === m} aria-pressed={mode === m} data-testid={PLAY.genMode(m)} onClick={() => setMode(m)}>
            {m === 'greedy' ? 'Greedy' : m === 'beam' ? 'Beam' : 'Sample'}
          </button>
        ))}
      </div>
      <div className="tl-gen-params">
        {mode === 'beam' && (
          <label title="Hypotheses kept at every step">
            width
            <input className="tl-input" data-testid={PLAY.genBeamWidth} type="number" min={1} max={32} value={width} onChange={(e) => setWidth(e.target.value)} />
          </label>
        )}
        {mode === 'sample' && (
          <>
            <label title="Below 1: more likely tokens; above 1: more surprise">
              temp.
              <input className="tl-input" data-testid={PLAY.genTemperature} type="number" min={0.05} step={0.1} value={temperature} onChange={(e) => setTemperature(e.target.value)} />
            </label>
            <label title="Sample only among the k most probable tokens; 0: all">
              top-k
              <input className="tl-input" data-testid={PLAY.genTopK} type="number" min={0} value={topK} onChange={(e) => setTopK(e.target.value)} />
            </label>
          </>
        )}
        <label title="Tokens to generate at most">
          tokens
          <input className="tl-input" data-testid={PLAY.genMax} type="number" min={1} max={1000} value={maxTokens} onChange={(e) => setMaxTokens(e.target.value)} />
        </label>
        <button className="tl-primary" data-testid={PLAY.genRun} onClick={() => void run()} disabled={busy}>
          {busy ? 'Generating…' : 'Generate'}
        </button>
      </div>
      {error && (
        <div className="tl-note tl-note-error" data-testid={PLAY.error}>
          {error}
        </div>
      )}
      {result && (
        <>
          <div className="tl-gen-out" data-testid={PLAY.genOutput}>
            <span className="tl-gen-prompt-text">{result.promptText}</span>
            <span className="tl-gen-text" data-testid={PLAY.genText}>
              {result.text}
            </span>
          </div>
          <div className="tl-small tl-muted" data-testid={PLAY.genMeta}>
            p = {result.probability.toPrecision(3)} · {result.tokens.length} tokens · {Math.round(result.ms)} ms
            {result.incremental ? ' · cached' : ''}
          </div>
          <div className="tl-tree-head">
            <h4>{mode === 'beam' ? 'Beam tree' : 'Search tree'}</h4>
            <span className="tl-muted tl-small">winner in blue</span>
            <button className="tl-link" data-testid={PLAY.treeExpand} onClick={() => setExpanded(true)}>
              Enlarge
            </button>
          </div>
          <div className="tl-tree-scroll">
            <BeamTree tree={result.tree} />
          </div>
          {expanded && (
            <Modal title={`${mode === 'beam' ? 'Beam' : 'Search'} tree — ${result.tokens.length} steps`} onClose={() => setExpanded(false)}>
              {() => (
                <div className="tl-tree-scroll large">
                  <BeamTree tree={result.tree} />
                </div>
              )}
            </Modal>
          )}
        </>
      )}
    </section>
  );
}
