// Canvas toolbar: history, groups, layout and view toggles (each also has a shortcut).
import { GROUP } from '../graph/validate';
import { useDoc } from '../state';
import { TID } from '../ui/testids';
import { groupSelection, redo, undo, ungroupSelection } from './commands';
import { setUi, useUi } from './uiState';

interface Props {
  onFit(): void;
  onLayout(): void;
  layingOut: boolean;
}

export function Toolbar({ onFit, onLayout, layingOut }: Props) {
  const canUndo = useDoc((s) => s.canUndo);
  const canRedo = useDoc((s) => s.canRedo);
  const undoLabel = useDoc((s) => s.undoLabel);
  const redoLabel = useDoc((s) => s.redoLabel);
  const selected = useDoc((s) => s.selection.nodes);
  const graph = useDoc((s) => s.graph);
  const snap = useUi((u) => u.snap);
  const minimap = useUi((u) => u.minimap);
  const hasGroup = selected.some((id) => graph.nodes.find((n) => n.id === id)?.type === GROUP);
  return (
    <div className="tl-toolbar" data-testid={TID.toolbar} role="toolbar" aria-label="Canvas tools">
      <button data-testid={TID.undo} disabled={!canUndo} onClick={undo} title={`Undo${undoLabel ? ` ${undoLabel}` : ''} (Ctrl+Z)`}>
        ↶
      </button>
      <button data-testid={TID.redo} disabled={!canRedo} onClick={redo} title={`Redo${redoLabel ? ` ${redoLabel}` : ''} (Ctrl+Shift+Z)`}>
        ↷
      </button>
      <span className="tl-toolbar-sep" />
      <button data-testid={TID.groupButton} disabled={selected.length === 0} onClick={() => groupSelection()} title="Group the selected nodes (Ctrl+G)">
        Group
      </button>
      <button data-testid={TID.ungroupButton} disabled={!hasGroup} onClick={ungroupSelection} title="Ungroup (Ctrl+Shift+G)">
        Ungroup
      </button>
      <span className="tl-toolbar-sep" />
      <button data-testid={TID.autoLayout} onClick={onLayout} disabled={layingOut} title="Auto-layout, left to right (L)">
        Layout
      </button>
      <button data-testid={TID.fitView} onClick={onFit} title="Zoom to fit (F)">
        Fit
      </button>
      <button data-testid={TID.snapToggle} aria-pressed={snap} onClick={() => setUi({ snap: !snap })} title="Snap to grid (S)">
        Snap
      </button>
      <button data-testid={TID.minimapToggle} aria-pressed={minimap} onClick={() => setUi({ minimap: !minimap })} title="Minimap (M)">
        Map
      </button>
    </div>
  );
}
