// Draws a layoutDiagram() as inline SVG: boxes tinted by node category (the palette's
// colours), groups with their ×k, wires as curves.
import { useMemo } from 'react';
import type { Graph } from '../graph/schema';
import { layoutDiagram } from './diagram';

export function GraphDiagram({ graph, title }: { graph: Pick<Graph, 'nodes' | 'edges'>; title: string }) {
  const d = useMemo(() => layoutDiagram(graph), [graph]);
  return (
    <svg className="tl-diagram" viewBox={`0 0 ${d.width} ${d.height}`} role="img" aria-label={`Diagram of ${title}`} preserveAspectRatio="xMidYMid meet">
      <title>{title}</title>
      {d.wires.map((w) => (
        <path key={`${w.from}>${w.to}`} d={w.d} className={w.back ? 'tl-diagram-wire back' : 'tl-diagram-wire'} />
      ))}
      {d.boxes.map((b) => (
        <g key={b.id} className={`cat-${b.category}${b.isGroup ? ' tl-diagram-group' : ''}`}>
          {b.repeat > 1 && <rect x={b.x + 3} y={b.y + 3} width={b.w} height={b.h} rx={4} className="tl-diagram-box shadow" />}
          <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={4} className="tl-diagram-box" />
          <rect x={b.x} y={b.y} width={3} height={b.h} rx={1.5} className="tl-diagram-stripe" />
          <text x={b.x + 8} y={b.y + b.h / 2} dominantBaseline="central" className="tl-diagram-label">
            {b.label}
            {b.repeat > 1 && <tspan className="tl-diagram-repeat"> ×{b.repeat}</tspan>}
          </text>
        </g>
      ))}
    </svg>
  );
}
