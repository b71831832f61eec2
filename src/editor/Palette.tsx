// Every node type by category, filtered as you type. Drag an entry onto the canvas, or click
// it (or press Enter in the search box) to add it in the middle of the view.
import { useReactFlow } from '@xyflow/react';
import { memo, useMemo, useState } from 'react';
import { portsOf, type Category, type NodeDef } from '../../nodes/api';
import { defaultParams } from '../../nodes/params';
import { useDoc } from '../state';
import { TID } from '../ui/testids';
import { addNodeAt, typesForScope } from './commands';
import { matchDefs } from './nodeSearch';

export const NODE_MIME = 'application/x-tensorloom-node';

const CATEGORIES: Category[] = ['data', 'embedding & position', 'attention', 'layers', 'recurrent', 'variational', 'losses', 'decoding', 'groups'];

function KindDots({ def }: { def: NodeDef }) {
  const ports = portsOf(def, defaultParams(def.params));
  return (
    <span className="tl-kind-dots" aria-hidden>
      {ports.inputs.map((p) => (
        <i key={`i${p.name}`} className={`kind-${p.kind}`} />
      ))}
      <b>→</b>
      {ports.outputs.map((p) => (
        <i key={`o${p.name}`} className={`kind-${p.kind}`} />
      ))}
    </span>
  );
}

/** Flow position at the centre of the visible canvas. */
export function useViewCenter() {
  const rf = useReactFlow();
  return () => {
    const el = document.querySelector('.react-flow');
    const r = el?.getBoundingClientRect();
    const c = r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : { x: innerWidth / 2, y: innerHeight / 2 };
    return rf.screenToFlowPosition(c);
  };
}

function PaletteImpl() {
  const [query, setQuery] = useState('');
  const inGroup = useDoc((s) => s.scope.length > 0);
  const center = useViewCenter();
  const defs = useMemo(() => typesForScope(inGroup), [inGroup]);
  const shown = useMemo(() => matchDefs(defs, query), [defs, query]);
  const add = (type: string) => {
    const c = center();
    addNodeAt(type, { x: c.x - 110, y: c.y - 60 });
  };

  return (
    <aside className="tl-palette" data-testid={TID.palette} aria-label="Node palette">
      <input
        className="tl-input tl-palette-search"
        data-testid={TID.paletteSearch}
        type="search"
        placeholder="Search nodes  /"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && shown[0]) add(shown[0].type);
          if (e.key === 'Escape') {
            setQuery('');
            (e.target as HTMLInputElement).blur();
          }
        }}
      />
      <div className="tl-palette-list">
        {CATEGORIES.map((cat) => {
          const items = shown.filter((d) => d.category === cat);
          if (!items.length) return null;
          return (
            <section key={cat}>
              <h3>{cat}</h3>
              {items.map((d) => (
                <div
                  key={d.type}
                  className={`tl-palette-item cat-${cat.replace(/[^a-z]+/g, '-')}`}
                  data-testid={TID.paletteItem(d.type)}
                  draggable
                  role="button"
                  tabIndex={0}
                  title={`${d.description}\n\nDrag onto the canvas, or click to add.`}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(NODE_MIME, d.type);
                    e.dataTransfer.setData('text/plain', d.type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => add(d.type)}
                  onKeyDown={(e) => e.key === 'Enter' && add(d.type)}
                >
                  <span className="tl-palette-title">{d.title}</span>
                  <KindDots def={d} />
                </div>
              ))}
            </section>
          );
        })}
        {shown.length === 0 && <p className="tl-muted tl-pad">No node type matches “{query}”.</p>}
      </div>
    </aside>
  );
}

export const Palette = memo(PaletteImpl);
