// The "add node" search that opens on a double-click on the canvas, on N, or when a
// connection is dropped on empty canvas (then it lists only nodes that can take that
// connection, and the chosen one is wired to it).
import { useEffect, useMemo, useRef, useState } from 'react';
import { useDoc } from '../state';
import { TID } from '../ui/testids';
import { addNodeAt, compatiblePort, typesForScope } from './commands';
import { matchDefs } from './nodeSearch';
import { KIND_LABEL } from './ports';
import { setUi, useUi } from './uiState';

export function NodeSearch() {
  const req = useUi((u) => u.search);
  const inGroup = useDoc((s) => s.scope.length > 0);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  const candidates = useMemo(() => {
    const defs = typesForScope(inGroup);
    return req?.from ? defs.filter((d) => compatiblePort(d, req.from!) !== undefined) : defs;
  }, [req, inGroup]);
  const results = useMemo(() => matchDefs(candidates, query), [candidates, query]);

  useEffect(() => {
    setQuery('');
    setActive(0);
  }, [req]);

  if (!req) return null;
  const close = () => setUi({ search: undefined });
  const pick = (type: string) => {
    close();
    addNodeAt(type, req.flow, req.from);
  };
  // Keep the popup inside the window.
  const left = Math.min(req.screen.x, window.innerWidth - 300);
  const top = Math.min(req.screen.y, window.innerHeight - 360);

  return (
    <>
      <div className="tl-search-backdrop" onMouseDown={close} />
      <div className="tl-search" style={{ left, top }} data-testid={TID.nodeSearch} role="dialog" aria-label="Add a node">
        <input
          ref={input}
          autoFocus
          className="tl-input"
          data-testid={TID.nodeSearchInput}
          placeholder={req.from ? `Add a node taking ${KIND_LABEL[req.from.kind]}…` : 'Add a node…'}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
            else if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
            else if (e.key === 'Enter' && results[active]) pick(results[active].type);
            else return;
            e.preventDefault();
          }}
        />
        <ul className="tl-search-list" role="listbox">
          {results.length === 0 && <li className="tl-search-empty">No node type matches.</li>}
          {results.map((d, i) => (
            <li
              key={d.type}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              data-testid={TID.nodeSearchItem(d.type)}
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(d.type);
              }}
            >
              <span>{d.title}</span>
              <span className="tl-muted">{d.category}</span>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
