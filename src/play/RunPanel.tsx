// The Run tab: play with the trained graph. Node inspection always; the other sections only
// for graphs they fit: text generation and attention maps for language models, translation
// and cross-attention for Seq2Seq, the explorer for a VAE, the predictive band for a
// Bayesian net.
import { useEffect, useRef, useState } from 'react';
import { AttentionSection, type AttentionInputValue } from './AttentionSection';
import { BayesSection } from './BayesSection';
import { GenerateSection } from './GenerateSection';
import { InspectSection } from './InspectSection';
import './play.css';
import { Seq2SeqSection } from './Seq2SeqSection';
import { PLAY } from './testids';
import { useRuntime } from '../ui/useRuntime';
import { VaeSection } from './VaeSection';

/** Width available to drawings inside a section (the sidebar can be resized by the shell). */
function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [w, setW] = useState(300);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => el.clientWidth > 0 && setW(el.clientWidth - 28));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, w];
}

export function RunPanel() {
  const [s, rt] = useRuntime();
  const [ref, width] = useWidth();
  const info = s.info;
  const [lmInput, setLmInput] = useState<AttentionInputValue>({});
  const [s2sInput, setS2sInput] = useState<AttentionInputValue>();
  const gen = info?.ok ? info.generation : undefined;
  // A new graph structure starts from its own held-out example again.
  const genKey = gen ? `${gen.seq2seq}:${gen.context}:${gen.vocabSize}` : '';

  return (
    <div className="tl-run" data-testid={PLAY.panel} ref={ref}>
      {!s.ready && <p className="tl-pad tl-muted">Starting the training worker…</p>}
      {s.ready && !info && <p className="tl-pad tl-muted">Compiling the graph…</p>}
      {info && !info.ok && (
        <div className="tl-sec">
          <div className="tl-note tl-note-warn">The graph does not compile: {info.problems[0]}</div>
        </div>
      )}
      {info?.ok && (
        <>
          {s.status.state === 'running' && <div className="tl-sec tl-muted tl-small">Training is running: each request here waits for the next report.</div>}
          {gen && !gen.seq2seq && (
            <GenerateSection key={`g${genKey}`} gen={gen} rt={rt} onGenerated={(text) => setLmInput({ text: text.slice(-gen.context) })} />
          )}
          {gen?.seq2seq && <Seq2SeqSection key={`s${genKey}`} gen={gen} rt={rt} onDecoded={(source, target) => setS2sInput({ source, target })} />}
          {gen?.seq2seq && s2sInput && info.attention.some((a) => a.cross) && <AttentionSection rt={rt} input={s2sInput} width={width} only="cross" auto />}
          {info.attention.length > 0 && <AttentionSection rt={rt} input={gen?.seq2seq ? (s2sInput ?? {}) : lmInput} width={width} />}
          {info.vae && <VaeSection vae={info.vae} rt={rt} width={width} />}
          {info.bayes && <BayesSection bayes={info.bayes} rt={rt} width={width} step={s.status.step} />}
          <InspectSection rt={rt} step={s.status.step} />
          {!gen && info.attention.length === 0 && !info.vae && !info.bayes && (
            <p className="tl-pad tl-muted tl-small">
              Text generation, attention maps, the VAE explorer and the Bayesian band appear for graphs they fit (a beam-decoder, attention nodes, a gaussian-sampler, gaussian-weights).
            </p>
          )}
        </>
      )}
    </div>
  );
}
