// Where you are: the top level, then each open group. Click a crumb to go back up.
import { docStore, useDoc } from '../state';
import { TID } from '../ui/testids';
import { leaveGroup } from './commands';

export function Breadcrumb() {
  const scope = useDoc((s) => s.scope);
  const graph = useDoc((s) => s.graph);
  const name = (id: string) => graph.nodes.find((n) => n.id === id)?.label ?? id;
  return (
    <nav className="tl-breadcrumb" data-testid={TID.breadcrumb} aria-label="Open groups">
      <button data-testid={TID.breadcrumbItem(0)} className={scope.length === 0 ? 'current' : undefined} onClick={() => leaveGroup(0)}>
        {graph.name || 'Graph'}
      </button>
      {scope.map((id, i) => (
        <span key={id}>
          <span className="tl-crumb-sep">›</span>
          <button
            data-testid={TID.breadcrumbItem(i + 1)}
            className={i === scope.length - 1 ? 'current' : undefined}
            onClick={() => docStore.setScope(scope.slice(0, i + 1))}
          >
            {name(id)}
          </button>
        </span>
      ))}
    </nav>
  );
}
