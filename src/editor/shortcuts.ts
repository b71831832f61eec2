// Keyboard shortcuts: one table drives both the key handler and the `?` help overlay.
import { GROUP } from '../graph/validate';
import { docStore } from '../state';
import { toggleTheme } from '../ui/theme';
import * as cmd from './commands';
import { getUi, setUi } from './uiState';

export interface ShortcutContext {
  fitView(): void;
  autoLayout(): void;
  /** Opens the node search at the pointer (or the canvas centre). */
  openSearch(): void;
  focusPaletteSearch(): void;
}

export interface Shortcut {
  keys: string[];
  what: string;
  section: 'Edit' | 'Select' | 'Groups' | 'View' | 'Help';
  /** Whether the key event triggers this shortcut. */
  match(e: KeyboardEvent): boolean;
  run(ctx: ShortcutContext): void;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;
const key = (e: KeyboardEvent, k: string) => e.key.toLowerCase() === k;
const plain = (e: KeyboardEvent) => !e.ctrlKey && !e.metaKey && !e.altKey;

export const SHORTCUTS: Shortcut[] = [
  { keys: ['Ctrl+Z'], what: 'Undo', section: 'Edit', match: (e) => mod(e) && !e.shiftKey && key(e, 'z'), run: () => cmd.undo() },
  { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], what: 'Redo', section: 'Edit', match: (e) => mod(e) && ((e.shiftKey && key(e, 'z')) || key(e, 'y')), run: () => cmd.redo() },
  { keys: ['Delete', 'Backspace'], what: 'Delete the selection', section: 'Edit', match: (e) => plain(e) && (e.key === 'Delete' || e.key === 'Backspace'), run: () => cmd.deleteSelection() },
  { keys: ['Ctrl+C'], what: 'Copy the selection (as graph JSON, also to other tabs)', section: 'Edit', match: () => false, run: () => {} },
  { keys: ['Ctrl+X'], what: 'Cut', section: 'Edit', match: () => false, run: () => {} },
  { keys: ['Ctrl+V'], what: 'Paste (at the pointer)', section: 'Edit', match: () => false, run: () => {} },
  { keys: ['Ctrl+D'], what: 'Duplicate the selection', section: 'Edit', match: (e) => mod(e) && key(e, 'd'), run: () => cmd.duplicateSelection() },
  { keys: ['N', 'double-click'], what: 'Add a node by name', section: 'Edit', match: (e) => plain(e) && key(e, 'n'), run: (c) => c.openSearch() },
  { keys: ['/'], what: 'Search the palette', section: 'Edit', match: (e) => plain(e) && e.key === '/', run: (c) => c.focusPaletteSearch() },
  { keys: ['Ctrl+A'], what: 'Select everything in view', section: 'Select', match: (e) => mod(e) && key(e, 'a'), run: () => cmd.selectAll() },
  { keys: ['Shift+click'], what: 'Add to or remove from the selection', section: 'Select', match: () => false, run: () => {} },
  { keys: ['Shift+drag'], what: 'Box-select', section: 'Select', match: () => false, run: () => {} },
  { keys: ['Esc'], what: 'Clear the selection, or leave the open group', section: 'Select', match: (e) => e.key === 'Escape', run: () => {
    if (docStateHasSelection()) cmd.select([]);
    else cmd.leaveGroup();
  } },
  { keys: ['Ctrl+G'], what: 'Group the selected nodes', section: 'Groups', match: (e) => mod(e) && !e.shiftKey && key(e, 'g'), run: () => cmd.groupSelection() },
  { keys: ['Ctrl+Shift+G'], what: 'Ungroup', section: 'Groups', match: (e) => mod(e) && e.shiftKey && key(e, 'g'), run: () => cmd.ungroupSelection() },
  { keys: ['Enter', 'double-click'], what: 'Open the selected group', section: 'Groups', match: (e) => plain(e) && e.key === 'Enter', run: () => openSelectedGroup() },
  { keys: ['F'], what: 'Zoom to fit', section: 'View', match: (e) => plain(e) && key(e, 'f'), run: (c) => c.fitView() },
  { keys: ['L'], what: 'Auto-layout (left to right)', section: 'View', match: (e) => plain(e) && key(e, 'l'), run: (c) => c.autoLayout() },
  { keys: ['S'], what: 'Snap to grid on/off', section: 'View', match: (e) => plain(e) && key(e, 's'), run: () => setUi({ snap: !getUi().snap }) },
  { keys: ['M'], what: 'Minimap on/off', section: 'View', match: (e) => plain(e) && key(e, 'm'), run: () => setUi({ minimap: !getUi().minimap }) },
  { keys: ['T'], what: 'Dark / light theme', section: 'View', match: (e) => plain(e) && key(e, 't'), run: () => toggleTheme() },
  { keys: ['?'], what: 'This help', section: 'Help', match: (e) => e.key === '?', run: () => setUi({ help: !getUi().help }) },
];

function docStateHasSelection(): boolean {
  const s = docStore.getState().selection;
  return s.nodes.length > 0 || s.edges.length > 0;
}

function openSelectedGroup(): void {
  const { graph, selection } = docStore.getState();
  if (selection.nodes.length !== 1) return;
  const n = graph.nodes.find((x) => x.id === selection.nodes[0]);
  if (n?.type === GROUP) cmd.openGroup(n.id);
}

/** Runs the first shortcut matching the event; returns whether one did. */
export function handleShortcut(e: KeyboardEvent, ctx: ShortcutContext): boolean {
  if (cmd.isEditableTarget(e.target)) return false;
  const ui = getUi();
  if (ui.search) return false; // the search popup handles its own keys
  if (ui.help && e.key === 'Escape') {
    setUi({ help: false });
    return true;
  }
  const s = SHORTCUTS.find((x) => x.match(e));
  if (!s) return false;
  e.preventDefault();
  s.run(ctx);
  return true;
}
