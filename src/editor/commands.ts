// Editor actions on the document store, shared by shortcuts, the toolbar, the node search
// and the node component. Each one is a single undo step.
import { NODE_DEFS, nodeDef } from '../../nodes/index';
import { portsOf, type NodeDef } from '../../nodes/api';
import { defaultParams } from '../../nodes/params';
import { GRAPH_INPUT, GRAPH_OUTPUT, GROUP, portKindsConnect } from '../graph/validate';
import { copyFragment, docStore, EMPTY_SELECTION, parseGraphText, type Selection } from '../state';
import { pasteFragment } from '../state/clipboard';
import { addNode, connect, edgeKey, groupNodes, initialParams, removeEdges, removeNodes, ungroup, type XY } from '../state/ops';
import type { SearchRequest } from './uiState';

const CLIPBOARD_FALLBACK_KEY = 'tensorloom.clipboard';

/** Last pointer position over the canvas, in flow coordinates (paste goes there). */
export const pointer: { flow: XY | undefined } = { flow: undefined };

const state = () => docStore.getState();
const scopeParent = () => state().scope.at(-1);

export const undo = () => docStore.undo();
export const redo = () => docStore.redo();

export function select(nodes: readonly string[], edges: readonly string[] = []): void {
  docStore.setSelection({ nodes, edges });
}

export function selectAll(): void {
  const parent = scopeParent();
  const g = state().graph;
  const nodes = g.nodes.filter((n) => n.parent === parent).map((n) => n.id);
  const inScope = new Set(nodes);
  select(nodes, g.edges.filter((e) => inScope.has(e.source)).map(edgeKey));
}

export function deleteSelection(): boolean {
  const { nodes, edges } = state().selection;
  if (!nodes.length && !edges.length) return false;
  const what = nodes.length ? `delete ${nodes.length} node${nodes.length > 1 ? 's' : ''}` : `delete ${edges.length} edge${edges.length > 1 ? 's' : ''}`;
  return docStore.update(
    (g) => {
      removeEdges(g, edges);
      removeNodes(g, nodes);
    },
    { label: what, select: EMPTY_SELECTION },
  );
}

/** The selection as graph JSON text, or undefined when nothing is selected. */
export function selectionAsText(): string | undefined {
  const { nodes } = state().selection;
  if (!nodes.length) return undefined;
  const text = JSON.stringify(copyFragment(state().graph, nodes), null, 1);
  try {
    localStorage.setItem(CLIPBOARD_FALLBACK_KEY, text);
  } catch {
    // too large to keep as a fallback; the system clipboard still has it
  }
  return text;
}

export function clipboardFallback(): string | undefined {
  try {
    return localStorage.getItem(CLIPBOARD_FALLBACK_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Pastes graph JSON into the open scope; returns an error message when the text is not a graph. */
export function pasteText(text: string, at?: XY): string | undefined {
  const parsed = parseGraphText(text);
  if (!('graph' in parsed)) return `the clipboard does not hold a TensorLoom graph: ${parsed.problems[0] ?? 'unknown format'}`;
  const frag = parsed.graph;
  if (!frag.nodes.length) return 'the pasted graph has no nodes';
  let top: string[] = [];
  docStore.update(
    (g) => {
      top = pasteFragment(g, frag, at ? { parent: scopeParent(), at } : { parent: scopeParent(), offset: { x: 40, y: 40 } });
    },
    { label: `paste ${frag.nodes.length} node${frag.nodes.length > 1 ? 's' : ''}` },
  );
  select(top);
  return undefined;
}

export function cutSelection(): string | undefined {
  const text = selectionAsText();
  if (text) deleteSelection();
  return text;
}

export function duplicateSelection(): void {
  const { nodes } = state().selection;
  if (!nodes.length) return;
  const frag = copyFragment(state().graph, nodes);
  let top: string[] = [];
  docStore.update((g) => void (top = pasteFragment(g, frag, { parent: scopeParent(), offset: { x: 40, y: 40 } })), { label: 'duplicate' });
  select(top);
}

export function groupSelection(): string | undefined {
  const { nodes } = state().selection;
  if (!nodes.length) return undefined;
  let gid: string | undefined;
  docStore.update((g) => void (gid = groupNodes(g, nodes)), { label: 'group' });
  if (gid) select([gid]);
  return gid;
}

export function ungroupSelection(): void {
  const g = state().graph;
  const groups = state().selection.nodes.filter((id) => g.nodes.find((n) => n.id === id)?.type === GROUP);
  if (!groups.length) return;
  const freed: string[] = [];
  docStore.update((d) => groups.forEach((id) => freed.push(...ungroup(d, id))), { label: 'ungroup' });
  select(freed);
}

export function openGroup(id: string): void {
  const g = state().graph;
  const node = g.nodes.find((n) => n.id === id);
  if (!node || node.type !== GROUP) return;
  // The path from the top down to this group.
  const path: string[] = [id];
  for (let p = node.parent; p !== undefined; p = g.nodes.find((n) => n.id === p)?.parent) path.unshift(p);
  docStore.setScope(path);
}

export function leaveGroup(toDepth?: number): void {
  const scope = state().scope;
  if (!scope.length) return;
  const left = scope[scope.length - 1];
  docStore.setScope(scope.slice(0, toDepth ?? scope.length - 1));
  if (toDepth === undefined) select([left]);
}

/** Node types that make sense in the open scope (group ports only inside a group). */
export function typesForScope(inGroup: boolean): NodeDef[] {
  return NODE_DEFS.filter((d) => inGroup || (d.type !== GRAPH_INPUT && d.type !== GRAPH_OUTPUT));
}

/**
 * The port of a new node of this type that can take the dragged connection, or undefined.
 * Group ports take any kind (their kind param is set to match).
 */
export function compatiblePort(def: NodeDef, from: NonNullable<SearchRequest['from']>): string | undefined {
  if (def.type === GROUP) return undefined;
  if (def.type === GRAPH_OUTPUT && from.side === 'out') return from.kind === 'sequences' ? undefined : 'x';
  if (def.type === GRAPH_INPUT && from.side === 'in') return from.kind === 'sequences' ? undefined : 'y';
  const ports = portsOf(def, defaultParams(def.params));
  const list = from.side === 'out' ? ports.inputs : ports.outputs;
  const hit = list.find((p) => (from.side === 'out' ? portKindsConnect(from.kind, p.kind) : portKindsConnect(p.kind, from.kind)));
  return hit?.name;
}

/** Adds a node of a type at a flow position (and wires it to a dropped connection). */
export function addNodeAt(type: string, at: XY, from?: SearchRequest['from']): string | undefined {
  const def = nodeDef(type);
  if (!def) return undefined;
  const params = initialParams(type);
  if (from && (type === GRAPH_INPUT || type === GRAPH_OUTPUT)) params.kind = from.kind;
  const port = from ? compatiblePort(def, from) : undefined;
  let id: string | undefined;
  docStore.update(
    (g) => {
      id = addNode(g, { type, position: at, parent: scopeParent(), params, label: type === GROUP ? 'Block' : undefined });
      if (from && port) {
        if (from.side === 'out') connect(g, { node: from.nodeId, port: from.port }, { node: id, port });
        else connect(g, { node: id, port }, { node: from.nodeId, port: from.port });
      }
    },
    { label: `add ${def.title}` },
  );
  if (id) select([id]);
  return id;
}

export function isEditableTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT';
}

export type { Selection };
