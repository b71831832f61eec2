// Edits of the graph document as plain mutations. The store runs them inside immer's
// produceWithPatches, so they read like ordinary code and still record exact undo patches.
// They are pure with respect to everything but the graph they are given (unit-testable).
import type { PortKind } from '../../nodes/api';
import { nodeDef } from '../../nodes/index';
import { defaultParams } from '../../nodes/params';
import { edgeId, type Graph, type GraphEdge, type GraphNode } from '../graph/schema';
import { GRAPH_INPUT, GRAPH_OUTPUT, GROUP, nodePorts } from '../graph/validate';

export type XY = { x: number; y: number };

export interface PortRef {
  node: string;
  port: string;
}

/** Id stem for a node type or an existing id: "multi-head-attention" → "mha", "dense_3" → "dense". */
export function idStem(base: string): string {
  const stem = base.replace(/_\d+$/, '').replace(/[^A-Za-z0-9-]/g, '');
  const short: Record<string, string> = { 'multi-head-attention': 'mha', 'positional-encoding': 'pos', 'residual-norm': 'resnorm' };
  return short[stem] ?? (stem || 'node');
}

/** A node id not used in the graph (nor in `taken`): stem_1, stem_2, … */
export function freshId(graph: Pick<Graph, 'nodes'>, base: string, taken: ReadonlySet<string> = new Set()): string {
  const stem = idStem(base);
  const used = new Set(graph.nodes.map((n) => n.id));
  for (let i = 1; ; i++) {
    const id = `${stem}_${i}`;
    if (!used.has(id) && !taken.has(id)) return id;
  }
}

export const edgeKey = (e: GraphEdge): string => e.id ?? edgeId(e);

/** Every node inside the given groups, at any depth (the groups themselves excluded). */
export function descendantsOf(graph: Pick<Graph, 'nodes'>, ids: Iterable<string>): Set<string> {
  const out = new Set<string>();
  let frontier = new Set(ids);
  while (frontier.size) {
    const next = new Set<string>();
    for (const n of graph.nodes) if (n.parent !== undefined && frontier.has(n.parent) && !out.has(n.id)) next.add(n.id);
    next.forEach((id) => out.add(id));
    frontier = next;
  }
  return out;
}

export function addNode(
  graph: Graph,
  spec: { type: string; position: XY; parent?: string; params?: Record<string, unknown>; label?: string; id?: string },
): string {
  const id = spec.id ?? freshId(graph, spec.type);
  const node: GraphNode = { id, type: spec.type, params: { ...(spec.params ?? {}) }, position: { x: Math.round(spec.position.x), y: Math.round(spec.position.y) } };
  if (spec.parent !== undefined) node.parent = spec.parent;
  if (spec.label !== undefined) node.label = spec.label;
  graph.nodes.push(node);
  return id;
}

/** Removes nodes, everything inside removed groups, and every edge touching them. */
export function removeNodes(graph: Graph, ids: Iterable<string>): void {
  const gone = new Set(ids);
  descendantsOf(graph, gone).forEach((id) => gone.add(id));
  graph.nodes = graph.nodes.filter((n) => !gone.has(n.id));
  graph.edges = graph.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target));
}

export function removeEdges(graph: Graph, ids: Iterable<string>): void {
  const gone = new Set(ids);
  graph.edges = graph.edges.filter((e) => !gone.has(edgeKey(e)));
}

/** Connects an output to an input; an input takes one edge, so an older one into it is replaced. */
export function connect(graph: Graph, from: PortRef, to: PortRef): string {
  graph.edges = graph.edges.filter((e) => !(e.target === to.node && e.targetPort === to.port));
  const e = { source: from.node, sourcePort: from.port, target: to.node, targetPort: to.port };
  const id = edgeId(e);
  graph.edges.push({ id, ...e });
  return id;
}

export function moveNodes(graph: Graph, positions: ReadonlyMap<string, XY> | Record<string, XY>): void {
  const get = (id: string) => (positions instanceof Map ? positions.get(id) : (positions as Record<string, XY>)[id]);
  for (const n of graph.nodes) {
    const p = get(n.id);
    if (p) n.position = { x: Math.round(p.x), y: Math.round(p.y) };
  }
}

/** Sets a param; a value equal to the spec's default is stored too, so files say what they mean. */
export function setParam(graph: Graph, nodeId: string, name: string, value: unknown): void {
  const n = graph.nodes.find((x) => x.id === nodeId);
  if (!n) return;
  n.params[name] = value;
}

export function setLabel(graph: Graph, nodeId: string, label: string): void {
  const n = graph.nodes.find((x) => x.id === nodeId);
  if (!n) return;
  if (label.trim() === '') delete n.label;
  else n.label = label;
}

/** Default params of a type, spelled out (what a freshly added node stores). */
export function initialParams(type: string): Record<string, unknown> {
  const def = nodeDef(type);
  return def ? defaultParams(def.params) : {};
}

function uniqueName(name: string, used: Set<string>): string {
  let n = name;
  for (let i = 2; used.has(n); i++) n = `${name}${i}`;
  used.add(n);
  return n;
}

const portKindOf = (graph: Graph, node: GraphNode, port: string, side: 'inputs' | 'outputs'): PortKind =>
  nodePorts(graph, node)[side].find((p) => p.name === port)?.kind ?? 'tensor';

const centroid = (nodes: GraphNode[]): XY => ({
  x: nodes.reduce((a, n) => a + n.position.x, 0) / Math.max(1, nodes.length),
  y: nodes.reduce((a, n) => a + n.position.y, 0) / Math.max(1, nodes.length),
});

/**
 * Moves the given nodes (all in one scope) into a new group. Every edge crossing the new
 * border goes through a port: one group input per outside source port, one group output per
 * inside source port that feeds the outside. Returns the group's id, or undefined when
 * nothing could be grouped.
 */
export function groupNodes(graph: Graph, ids: Iterable<string>, label?: string): string | undefined {
  const wanted = new Set(ids);
  const picked = graph.nodes.filter((n) => wanted.has(n.id) && n.type !== GRAPH_INPUT && n.type !== GRAPH_OUTPUT);
  if (picked.length === 0) return undefined;
  const scope = picked[0].parent;
  const members = picked.filter((n) => n.parent === scope);
  const inside = new Set(members.map((n) => n.id));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));

  const groupId = freshId(graph, 'block');
  const groupCount = graph.nodes.filter((n) => n.type === GROUP).length;
  const c = centroid(members);
  const minX = Math.min(...members.map((n) => n.position.x));
  const maxX = Math.max(...members.map((n) => n.position.x));
  const group: GraphNode = {
    id: groupId,
    type: GROUP,
    params: { repeat: 1, sharedWeights: false },
    position: { x: Math.round(c.x), y: Math.round(c.y) },
    label: label ?? `Block ${groupCount + 1}`,
  };
  if (scope !== undefined) group.parent = scope;

  const taken = new Set<string>([groupId]);
  const inNames = new Set<string>();
  const outNames = new Set<string>();
  const portNodes: GraphNode[] = [];
  const inputFor = new Map<string, { id: string; name: string }>(); // "src.port" → graph-input
  const outputFor = new Map<string, { id: string; name: string }>(); // "src.port" → graph-output
  const kept: GraphEdge[] = [];
  const added: GraphEdge[] = [];
  const edge = (source: string, sourcePort: string, target: string, targetPort: string): GraphEdge => {
    const e = { source, sourcePort, target, targetPort };
    return { id: edgeId(e), ...e };
  };

  for (const e of graph.edges) {
    const sIn = inside.has(e.source);
    const tIn = inside.has(e.target);
    if (sIn === tIn) {
      kept.push(e);
      continue;
    }
    if (tIn) {
      // Outside → inside: through a group input.
      const key = `${e.source}.${e.sourcePort}`;
      let gi = inputFor.get(key);
      if (!gi) {
        const src = byId.get(e.source)!;
        const tgt = byId.get(e.target)!;
        const id = freshId(graph, 'in', taken);
        taken.add(id);
        gi = { id, name: uniqueName(e.targetPort, inNames) };
        inputFor.set(key, gi);
        portNodes.push({
          id,
          type: GRAPH_INPUT,
          parent: groupId,
          params: { name: gi.name, kind: portKindOf(graph, src, e.sourcePort, 'outputs'), optional: false },
          position: { x: Math.round(minX - 300), y: Math.round(tgt.position.y) },
        });
        added.push(edge(e.source, e.sourcePort, groupId, gi.name));
      }
      added.push(edge(gi.id, 'y', e.target, e.targetPort));
    } else {
      // Inside → outside: through a group output.
      const key = `${e.source}.${e.sourcePort}`;
      let go = outputFor.get(key);
      if (!go) {
        const src = byId.get(e.source)!;
        const id = freshId(graph, 'out', taken);
        taken.add(id);
        go = { id, name: uniqueName(e.sourcePort, outNames) };
        outputFor.set(key, go);
        portNodes.push({
          id,
          type: GRAPH_OUTPUT,
          parent: groupId,
          params: { name: go.name, kind: portKindOf(graph, src, e.sourcePort, 'outputs') },
          position: { x: Math.round(maxX + 320), y: Math.round(src.position.y) },
        });
        added.push(edge(e.source, e.sourcePort, id, 'x'));
      }
      added.push(edge(groupId, go.name, e.target, e.targetPort));
    }
  }

  for (const n of graph.nodes) if (inside.has(n.id)) n.parent = groupId;
  graph.nodes.push(group, ...portNodes);
  graph.edges = [...kept, ...added];
  return groupId;
}

/**
 * Dissolves a group: its nodes move up one level, edges through its ports are joined back
 * into direct edges, and its port nodes go away. A repeat count is dropped (one copy remains).
 * Returns the ids of the nodes that came out.
 */
export function ungroup(graph: Graph, groupId: string): string[] {
  const group = graph.nodes.find((n) => n.id === groupId && n.type === GROUP);
  if (!group) return [];
  const children = graph.nodes.filter((n) => n.parent === groupId);
  const portIds = new Set(children.filter((n) => n.type === GRAPH_INPUT || n.type === GRAPH_OUTPUT).map((n) => n.id));
  const plain = children.filter((n) => !portIds.has(n.id));
  const portName = (n: GraphNode) => (typeof n.params.name === 'string' ? n.params.name : n.type === GRAPH_INPUT ? 'x' : 'y');

  const joined: GraphEdge[] = [];
  const edge = (source: string, sourcePort: string, target: string, targetPort: string): GraphEdge => {
    const e = { source, sourcePort, target, targetPort };
    return { id: edgeId(e), ...e };
  };
  for (const p of children) {
    if (p.type === GRAPH_INPUT) {
      const outer = graph.edges.find((e) => e.target === groupId && e.targetPort === portName(p));
      if (!outer) continue;
      for (const inner of graph.edges.filter((e) => e.source === p.id))
        joined.push(edge(outer.source, outer.sourcePort, inner.target, inner.targetPort));
    } else if (p.type === GRAPH_OUTPUT) {
      const inner = graph.edges.find((e) => e.target === p.id);
      if (!inner) continue;
      for (const outer of graph.edges.filter((e) => e.source === groupId && e.sourcePort === portName(p)))
        joined.push(edge(inner.source, inner.sourcePort, outer.target, outer.targetPort));
    }
  }

  // Place the freed nodes around where the group stood.
  const c = centroid(plain);
  const dx = group.position.x - c.x;
  const dy = group.position.y - c.y;
  for (const n of plain) {
    n.position = { x: Math.round(n.position.x + dx), y: Math.round(n.position.y + dy) };
    if (group.parent === undefined) delete n.parent;
    else n.parent = group.parent;
  }
  const gone = new Set([groupId, ...portIds]);
  graph.nodes = graph.nodes.filter((n) => !gone.has(n.id));
  graph.edges = [...graph.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)), ...joined];
  return plain.map((n) => n.id);
}
