// The document store: one immutable Graph, changed only through immer's produceWithPatches,
// with undo/redo over the recorded patches, the selection, the open group (scope), the
// viewport and a dirty flag. Every feature folder reads it; it knows nothing about React Flow.
import { applyPatches, enablePatches, produceWithPatches, type Draft } from 'immer';
import { GraphSchema, type Graph } from '../graph/schema';
import { GROUP } from '../graph/validate';
import { DEFAULT_HISTORY, History, type HistoryOptions } from './history';
import { edgeKey } from './ops';

enablePatches();

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface Selection {
  nodes: readonly string[];
  edges: readonly string[];
}

export interface DocState {
  graph: Graph;
  selection: Selection;
  /** Groups opened for editing, outermost first; empty at the top level. */
  scope: readonly string[];
  viewport: Viewport | undefined;
  /** Changed since it was loaded, created or last marked saved. */
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  undoLabel: string | undefined;
  redoLabel: string | undefined;
  /** Bumped by replaceGraph: views re-fit to a document that was swapped in whole. */
  loadCount: number;
}

export interface UpdateOptions {
  /** Short description of the edit (shown on the undo button). */
  label?: string;
  /** Edits with the same key within a short time are one undo step (a typing burst). */
  merge?: string;
  /** Selection after the edit. */
  select?: Selection;
}

export type Recipe = (draft: Draft<Graph>) => void;

export const EMPTY_SELECTION: Selection = Object.freeze({ nodes: Object.freeze([]), edges: Object.freeze([]) }) as Selection;

export interface DocStore {
  getState(): DocState;
  subscribe(listener: () => void): () => void;
  /** Applies a change as one undo step (or merges it into the last one). Returns false when nothing changed. */
  update(recipe: Recipe, opts?: UpdateOptions): boolean;
  undo(): boolean;
  redo(): boolean;
  /** Ends a merge burst, e.g. when a field loses focus. */
  sealHistory(): void;
  /**
   * Swaps in a whole document (import, template, new graph). It is one undo step unless
   * resetHistory is set; the document counts as saved afterwards.
   */
  replaceGraph(graph: Graph, opts?: { resetHistory?: boolean; dirty?: boolean; viewport?: Viewport }): void;
  setSelection(sel: Selection): void;
  setScope(scope: readonly string[]): void;
  setViewport(vp: Viewport): void;
  /** The current document is what was saved or exported: dirty becomes false. */
  markSaved(): void;
  /** Steps currently kept in the undo history. */
  historySize(): number;
}

function sameSelection(a: Selection, b: Selection): boolean {
  return a.nodes.length === b.nodes.length && a.edges.length === b.edges.length && a.nodes.every((x, i) => x === b.nodes[i]) && a.edges.every((x, i) => x === b.edges[i]);
}

export function createDocStore(initial: Graph, options: { history?: HistoryOptions; now?: () => number } = {}): DocStore {
  const history = new History(options.history ?? DEFAULT_HISTORY);
  const now = options.now ?? (() => Date.now());
  const listeners = new Set<() => void>();
  let versionCounter = 0;
  let version = 0;
  let savedVersion = 0;
  let state: DocState = {
    graph: initial,
    selection: EMPTY_SELECTION,
    scope: [],
    viewport: initial.viewport ? { ...initial.viewport } : undefined,
    dirty: false,
    canUndo: false,
    canRedo: false,
    undoLabel: undefined,
    redoLabel: undefined,
    loadCount: 0,
  };

  const emit = () => listeners.forEach((l) => l());

  /** Keeps selection and scope pointing at things that exist after the graph changed. */
  const reconcile = (graph: Graph, sel: Selection, scope: readonly string[]) => {
    const nodeIds = new Set(graph.nodes.map((n) => n.id));
    const edgeIds = new Set(graph.edges.map(edgeKey));
    const nodes = sel.nodes.filter((id) => nodeIds.has(id));
    const edges = sel.edges.filter((id) => edgeIds.has(id));
    const selection = nodes.length === sel.nodes.length && edges.length === sel.edges.length ? sel : { nodes, edges };
    const groups = new Set(graph.nodes.filter((n) => n.type === GROUP).map((n) => n.id));
    const cut = scope.findIndex((id) => !groups.has(id));
    return { selection, scope: cut === -1 ? scope : scope.slice(0, cut) };
  };

  const set = (patch: Partial<DocState>) => {
    state = {
      ...state,
      ...patch,
      dirty: version !== savedVersion,
      canUndo: history.canUndo,
      canRedo: history.canRedo,
      undoLabel: history.undoLabel,
      redoLabel: history.redoLabel,
    };
    emit();
  };

  const commitGraph = (graph: Graph, selection: Selection) => {
    const r = reconcile(graph, selection, state.scope);
    set({ graph, selection: r.selection, scope: r.scope });
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    update(recipe, opts = {}) {
      const [next, patches, inverse] = produceWithPatches(state.graph, recipe);
      if (patches.length === 0) {
        if (opts.select && !sameSelection(opts.select, state.selection)) set({ selection: opts.select });
        return false;
      }
      const before = version;
      version = ++versionCounter;
      history.push({ patches, inverse, mergeKey: opts.merge, label: opts.label ?? 'edit', before, after: version, at: now() });
      commitGraph(next, opts.select ?? state.selection);
      return true;
    },
    undo() {
      const e = history.undo();
      if (!e) return false;
      version = e.before;
      commitGraph(applyPatches(state.graph, e.inverse), state.selection);
      return true;
    },
    redo() {
      const e = history.redo();
      if (!e) return false;
      version = e.after;
      commitGraph(applyPatches(state.graph, e.patches), state.selection);
      return true;
    },
    sealHistory: () => history.seal(),
    replaceGraph(input, opts = {}) {
      // Fill in schema defaults (training settings, params) for documents built in code.
      const parsed = GraphSchema.safeParse(input);
      const graph = parsed.success ? parsed.data : input;
      if (opts.resetHistory) {
        history.clear();
        version = ++versionCounter;
      } else {
        const [, patches, inverse] = produceWithPatches(state.graph, () => graph);
        const before = version;
        version = ++versionCounter;
        history.push({ patches, inverse, label: `open ${graph.name}`, before, after: version, at: now() });
      }
      savedVersion = opts.dirty ? -1 : version;
      set({
        graph,
        selection: EMPTY_SELECTION,
        scope: [],
        viewport: opts.viewport ?? (graph.viewport ? { ...graph.viewport } : undefined),
        loadCount: state.loadCount + 1,
      });
    },
    setSelection(sel) {
      if (sameSelection(sel, state.selection)) return;
      set({ selection: sel });
    },
    setScope(scope) {
      const r = reconcile(state.graph, EMPTY_SELECTION, scope);
      if (r.scope.length === state.scope.length && r.scope.every((x, i) => x === state.scope[i])) return;
      set({ scope: r.scope, selection: EMPTY_SELECTION });
    },
    setViewport(vp) {
      const cur = state.viewport;
      if (cur && cur.x === vp.x && cur.y === vp.y && cur.zoom === vp.zoom) return;
      set({ viewport: { x: vp.x, y: vp.y, zoom: vp.zoom } });
    },
    markSaved() {
      savedVersion = version;
      set({});
    },
    historySize: () => history.size,
  };
}
