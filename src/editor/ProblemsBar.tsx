// Every problem in the graph at the bottom of the canvas; clicking one opens the group it
// is in, selects its node and centres the view on it.
import { useState } from 'react';
import type { Problem } from '../graph/problems';
import { useAnalysis } from '../state';
import { useShowNode } from '../ui/showNode';
import { TID } from '../ui/testids';
import { isUnconnected } from './problemKinds';

export function ProblemsBar() {
  const analysis = useAnalysis();
  // Open by default while there are real errors; the user's toggle wins.
  const [toggled, setOpen] = useState<boolean | undefined>(undefined);
  const showNode = useShowNode();
  const problems = analysis.problems;
  const unconnected = problems.filter(isUnconnected).length;
  const errors = problems.filter((p) => p.severity === 'error').length - unconnected;
  const warnings = problems.length - errors - unconnected;
  const summary = [
    errors ? `${errors} error${errors > 1 ? 's' : ''}` : '',
    unconnected ? `${unconnected} input${unconnected > 1 ? 's' : ''} not connected` : '',
    warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '',
  ].filter(Boolean).join(' · ');
  if (!problems.length) return null;
  const open = toggled ?? errors > 0;

  const reveal = (p: Problem) => {
    if (p.nodeId) showNode(p.nodeId);
  };

  return (
    <div className={`tl-problems${open ? ' open' : ''}`} data-testid={TID.problems}>
      <button className="tl-problems-head" onClick={() => setOpen(!open)}>
        <span className={errors ? 'tl-err-dot' : 'tl-warn-dot'} />
        {summary}
        <span className="tl-muted">{open ? '▾' : '▸'}</span>
      </button>
      {open && (
        <ul>
          {problems.slice(0, 50).map((p, i) => (
            <li key={i} data-testid={TID.problemItem} className={isUnconnected(p) ? 'unconnected' : p.severity} onClick={() => reveal(p)} title={p.nodeId ? 'Show the node' : undefined}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
