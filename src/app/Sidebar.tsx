// Right sidebar: one tab per registered panel (see panels.tsx).
import { useState } from 'react';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { TID } from '../ui/testids';
import { PANELS } from './panels';

const KEY = 'tensorloom.sidebar.tab';

export function Sidebar() {
  const [active, setActive] = useState(() => {
    const saved = localStorage.getItem(KEY);
    return PANELS.some((p) => p.id === saved) ? saved! : PANELS[0].id;
  });
  const [visited, setVisited] = useState(() => new Set([active]));
  const choose = (id: string) => {
    setActive(id);
    setVisited((v) => new Set(v).add(id));
    localStorage.setItem(KEY, id);
  };
  return (
    <aside className="tl-sidebar" data-testid={TID.sidebar}>
      <div className="tl-tabs" role="tablist">
        {PANELS.map((p) => (
          <button key={p.id} role="tab" aria-selected={p.id === active} data-testid={TID.sidebarTab(p.id)} onClick={() => choose(p.id)}>
            {p.title}
          </button>
        ))}
      </div>
      {PANELS.filter((p) => visited.has(p.id)).map((p) => (
        <div key={p.id} role="tabpanel" className="tl-tabpanel" hidden={p.id !== active}>
          <ErrorBoundary area={`the ${p.title} panel`}>
            <p.Component />
          </ErrorBoundary>
        </div>
      ))}
    </aside>
  );
}
