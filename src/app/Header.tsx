// Header: the graph's name (editable), New graph, templates, sharing, theme and help.
import { openHelp } from '../editor';
import { GalleryButton } from '../gallery';
import { emptyGraph } from '../graph/schema';
import { ShareButtons } from '../share';
import { docStore, useDoc } from '../state';
import { TID } from '../ui/testids';
import { toggleTheme, useTheme } from '../ui/theme';

export function newGraph(): void {
  const { dirty, graph } = docStore.getState();
  if (dirty && !window.confirm(`Discard the changes to “${graph.name}”? (Undo can still bring it back in this session.)`)) return;
  docStore.replaceGraph(emptyGraph());
}

export function Header() {
  const name = useDoc((s) => s.graph.name);
  const dirty = useDoc((s) => s.dirty);
  const theme = useTheme();
  return (
    <header className="tl-header" data-testid={TID.header}>
      <div className="tl-brand" aria-label="TensorLoom">
        <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden>
          <path d="M2 4h14M2 9h14M2 14h14M5 2v14M13 2v14" stroke="currentColor" strokeWidth="1.6" fill="none" strokeLinecap="round" />
        </svg>
        TensorLoom
      </div>
      <div className="tl-title">
        <input
          className="tl-graph-name"
          data-testid={TID.graphName}
          value={name}
          maxLength={200}
          aria-label="Graph name"
          onChange={(e) => docStore.update((g) => void (g.name = e.target.value), { merge: 'graph-name', label: 'rename graph' })}
          onBlur={() => docStore.sealHistory()}
        />
        {dirty && (
          <span className="tl-dirty" data-testid={TID.dirtyMark} title="Changed since it was opened (autosaved in this browser)">
            edited
          </span>
        )}
      </div>
      <div className="tl-header-actions">
        <button data-testid={TID.newGraph} onClick={newGraph} title="Start an empty graph">
          New graph
        </button>
        <GalleryButton />
        <ShareButtons />
        <button className="tl-icon-btn" data-testid={TID.themeToggle} onClick={toggleTheme} title="Dark / light theme (T)" aria-label="Toggle theme">
          {theme === 'dark' ? '☾' : '☀'}
        </button>
        <button className="tl-icon-btn" data-testid={TID.helpButton} onClick={openHelp} title="Keyboard shortcuts (?)" aria-label="Help">
          ?
        </button>
      </div>
    </header>
  );
}
