// A node's one-line formula, typeset with KaTeX (a bad formula shows its source, never throws).
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { memo, useMemo } from 'react';
import { TID } from '../ui/testids';

function FormulaImpl({ tex }: { tex: string }) {
  const html = useMemo(() => {
    try {
      return katex.renderToString(tex, { throwOnError: false, displayMode: true, output: 'html', strict: 'ignore' });
    } catch {
      return undefined;
    }
  }, [tex]);
  if (!html) return <code className="tl-formula">{tex}</code>;
  return <div className="tl-formula" data-testid={TID.inspectorFormula} dangerouslySetInnerHTML={{ __html: html }} />;
}

export const Formula = memo(FormulaImpl);
