// Every problem in the graph at the bottom of the canvas; clicking one opens the group it
// is in, selects its node and centres the view on it.
import { useReactFlow } from '@xyflow/react';
import { useState } from 'react';
import type { Problem } from '../graph/problems';
import { docStore, useAnalysis, useDoc } from '../state';
import { TID } from '../ui/testids';

export function ProblemsBar() {
  const analysis = useAnalysis();
  const graph = useDoc((s) => s.graph);
  const [open, setOpen] = useState(true);
  const rf = useReactFlow();
  const problems = analysis.problems;
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (!problems.length) return null;

  const reveal = (p: Problem) => {
    const node = p.nodeId ? graph.nodes.find((n) => n.id === p.nodeId) : undefined;
    if (!node) return;
    const path: string[] = [];
    for (let g = node.parent; g !== undefined; g = graph.nodes.find((n) => n.id === g)?.parent) path.unshift(g);
    docStore.setScope(path);
    docStore.setSelection({ nodes: [node.id], edges: [] });
    requestAnimationFrame(() => rf.setCenter(node.position.x + 120, node.position.y + 60, { zoom: Math.max(rf.getZoom(), 0.8), duration: 250 }));
  };

  return (
    <div className={`tl-problems${open ? ' open' : ''}`} data-testid={TID.problems}>
      <button className="tl-problems-head" onClick={() => setOpen(!open)}>
        <span className={errors ? 'tl-err-dot' : 'tl-warn-dot'} />
        {errors ? `${errors} error${errors > 1 ? 's' : ''}` : ''}
        {errors && problems.length > errors ? ', ' : ''}
        {problems.length > errors ? `${problems.length - errors} warning${problems.length - errors > 1 ? 's' : ''}` : ''}
        <span className="tl-muted">{open ? '▾' : '▸'}</span>
      </button>
      {open && (
        <ul>
          {problems.slice(0, 50).map((p, i) => (
            <li key={i} data-testid={TID.problemItem} className={p.severity} onClick={() => reveal(p)} title={p.nodeId ? 'Show the node' : undefined}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
