// Copy and paste as graph JSON: a copied selection is a complete graph document (so it can
// be pasted into another tab, or saved as a file), and pasting gives every node a fresh id.
import { loadGraphText } from '../graph/load';
import { FORBIDDEN_KEYS, LIMITS } from '../graph/limits';
import { GRAPH_FORMAT, GRAPH_VERSION, GraphSchema, edgeId, emptyGraph, type Graph, type GraphNode } from '../graph/schema';
import { descendantsOf, freshId, type XY } from './ops';

/** The selected nodes, everything inside selected groups, and the edges among them. */
export function copyFragment(graph: Graph, ids: Iterable<string>): Graph {
  const keep = new Set(ids);
  descendantsOf(graph, keep).forEach((id) => keep.add(id));
  const nodes = graph.nodes
    .filter((n) => keep.has(n.id))
    .map((n) => {
      const copy: GraphNode = structuredClone(n);
      // A node whose group was not copied lands at the top of the fragment.
      if (copy.parent !== undefined && !keep.has(copy.parent)) delete copy.parent;
      return copy;
    });
  const edges = graph.edges.filter((e) => keep.has(e.source) && keep.has(e.target)).map((e) => structuredClone(e));
  return { ...emptyGraph('clipboard'), training: structuredClone(graph.training), nodes, edges };
}

export interface PasteOptions {
  /** Group the pasted top-level nodes go into (undefined: the top level). */
  parent?: string;
  /** Shift applied to top-level positions; ignored when `at` is given. */
  offset?: XY;
  /** Where the top-left corner of the pasted nodes goes. */
  at?: XY;
}

/**
 * Adds a fragment's nodes and edges to the graph under new ids (no id of the fragment can
 * clash with one already there). Returns the new ids of the fragment's top-level nodes.
 */
export function pasteFragment(graph: Graph, fragment: Pick<Graph, 'nodes' | 'edges'>, opts: PasteOptions = {}): string[] {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of fragment.nodes) {
    if (ids.has(n.id)) continue; // a duplicate id in a hand-written file: first one wins
    const id = freshId(graph, n.id, taken);
    taken.add(id);
    ids.set(n.id, id);
  }
  const top = fragment.nodes.filter((n) => n.parent === undefined || !ids.has(n.parent));
  let shift: XY = opts.offset ?? { x: 0, y: 0 };
  if (opts.at && top.length) {
    const minX = Math.min(...top.map((n) => n.position.x));
    const minY = Math.min(...top.map((n) => n.position.y));
    shift = { x: opts.at.x - minX, y: opts.at.y - minY };
  }
  const seen = new Set<string>();
  const topIds: string[] = [];
  for (const n of fragment.nodes) {
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    const copy: GraphNode = structuredClone(n);
    copy.id = ids.get(n.id)!;
    const isTop = n.parent === undefined || !ids.has(n.parent);
    if (isTop) {
      copy.position = { x: Math.round(n.position.x + shift.x), y: Math.round(n.position.y + shift.y) };
      if (opts.parent === undefined) delete copy.parent;
      else copy.parent = opts.parent;
      topIds.push(copy.id);
    } else {
      copy.parent = ids.get(n.parent!)!;
    }
    graph.nodes.push(copy);
  }
  for (const e of fragment.edges) {
    const source = ids.get(e.source);
    const target = ids.get(e.target);
    if (!source || !target) continue;
    const ref = { source, sourcePort: e.sourcePort, target, targetPort: e.targetPort };
    graph.edges.push({ ...structuredClone(e), ...ref, id: edgeId(ref) });
  }
  return topIds;
}

/**
 * Reads graph JSON from the clipboard, a file or storage. A fully valid graph loads through
 * the engine's loader (migrations included); a current-version graph that only fails
 * validation (a half-built model, a copied group port) still loads, since the editor shows
 * those problems on the canvas. Anything else is refused with the loader's problems.
 */
export function parseGraphText(text: string): { graph: Graph } | { problems: string[] } {
  const strict = loadGraphText(text);
  if (strict.ok) return { graph: strict.graph };
  if (text.length > LIMITS.fileBytes) return { problems: strict.problems.map((p) => p.message) };
  try {
    // The reviver drops keys that could touch prototypes when the object is spread later.
    const raw = JSON.parse(text, (k, v) => (FORBIDDEN_KEYS.has(k) ? undefined : v)) as Record<string, unknown>;
    if (raw && typeof raw === 'object' && raw.format === GRAPH_FORMAT && raw.version === GRAPH_VERSION) {
      const r = GraphSchema.safeParse(raw);
      if (r.success) return { graph: r.data };
    }
  } catch {
    // fall through to the loader's message
  }
  return { problems: strict.problems.map((p) => p.message) };
}
