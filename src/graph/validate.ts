// Structural validation of a graph document: every problem at once, each naming the node,
// the port or the edge. A graph with none of these can be drawn and edited; missing inputs
// and shape disagreements are found later by analyze().
import { portsOf, type NodeDef, type PortSpec } from '../../nodes/api';
import { nodeDef, NODE_DEFS } from '../../nodes/index';
import { resolveParams } from '../../nodes/params';
import { LIMITS } from './limits';
import { error, type Problem } from './problems';
import { edgeId, type Graph, type GraphNode } from './schema';

export const GROUP = 'group';
export const GRAPH_INPUT = 'graph-input';
export const GRAPH_OUTPUT = 'graph-output';

function closestType(t: string): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const d of NODE_DEFS) {
    const dist = editDistance(t, d.type);
    if (dist < bestD) [best, bestD] = [d.type, dist];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** The ports a document node shows: its def's, or for a group those of its port nodes. */
export function nodePorts(graph: Graph, node: GraphNode): { inputs: PortSpec[]; outputs: PortSpec[] } {
  if (node.type === GROUP) return groupPorts(graph, node.id);
  const def = nodeDef(node.type);
  if (!def) return { inputs: [], outputs: [] };
  const { params } = resolveParams(def.params, node.params);
  return portsOf(def as NodeDef, params);
}

/** A group's exposed ports, from the graph-input / graph-output nodes inside it, in document order. */
export function groupPorts(graph: Graph, groupId: string): { inputs: PortSpec[]; outputs: PortSpec[] } {
  const inputs: PortSpec[] = [];
  const outputs: PortSpec[] = [];
  for (const n of graph.nodes) {
    if (n.parent !== groupId) continue;
    if (n.type !== GRAPH_INPUT && n.type !== GRAPH_OUTPUT) continue;
    const name = typeof n.params.name === 'string' ? n.params.name : n.type === GRAPH_INPUT ? 'x' : 'y';
    const kind = (typeof n.params.kind === 'string' ? n.params.kind : 'tensor') as PortSpec['kind'];
    const optional = n.type === GRAPH_INPUT && n.params.optional === true;
    (n.type === GRAPH_INPUT ? inputs : outputs).push({ name, kind, optional });
  }
  return { inputs, outputs };
}

export function validateGraph(graph: Graph): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map<string, GraphNode>();
  for (const n of graph.nodes) {
    if (byId.has(n.id)) problems.push(error(`two nodes have the id "${n.id}"`, { nodeId: n.id }));
    byId.set(n.id, n);
  }

  for (const n of graph.nodes) {
    const def = nodeDef(n.type);
    if (!def) {
      const near = closestType(n.type);
      problems.push(error(`node "${n.id}" has unknown type "${n.type}"${near ? ` (did you mean "${near}"?)` : ''}`, { nodeId: n.id }));
      continue;
    }
    for (const pr of resolveParams(def.params, n.params).problems)
      problems.push(error(`${n.type} "${n.id}": ${pr.message}`, { nodeId: n.id }));
    if (n.parent !== undefined) {
      const parent = byId.get(n.parent);
      if (!parent) problems.push(error(`node "${n.id}" sits in group "${n.parent}", which does not exist`, { nodeId: n.id }));
      else if (parent.type !== GROUP) problems.push(error(`node "${n.id}" sits in "${n.parent}", which is a ${parent.type}, not a group`, { nodeId: n.id }));
    } else if (n.type === GRAPH_INPUT || n.type === GRAPH_OUTPUT) {
      problems.push(error(`${n.type} "${n.id}" only makes sense inside a group`, { nodeId: n.id }));
    }
  }

  // Group nesting: no parent cycles, bounded depth.
  for (const n of graph.nodes) {
    let depth = 0;
    const seen = new Set<string>([n.id]);
    for (let cur = n.parent; cur !== undefined; cur = byId.get(cur)?.parent) {
      if (seen.has(cur)) {
        problems.push(error(`group nesting loops back through "${cur}"`, { nodeId: n.id }));
        break;
      }
      seen.add(cur);
      if (++depth > LIMITS.groupDepth) {
        problems.push(error(`node "${n.id}" is nested in more than ${LIMITS.groupDepth} groups`, { nodeId: n.id }));
        break;
      }
    }
  }

  // Edges: both ends exist, in the same scope, ports exist and kinds agree, one edge per input.
  const fed = new Map<string, string>();
  for (const e of graph.edges) {
    const eid = e.id ?? edgeId(e);
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) {
      const missing = [!s ? `source "${e.source}"` : '', !t ? `target "${e.target}"` : ''].filter(Boolean).join(' and ');
      problems.push(error(`edge ${e.source}.${e.sourcePort} → ${e.target}.${e.targetPort} is dangling: ${missing} does not exist`, { edgeId: eid }));
      continue;
    }
    if (s.parent !== t.parent) {
      problems.push(error(`edge ${e.source}.${e.sourcePort} → ${e.target}.${e.targetPort} crosses a group border; connect through the group's ports`, { edgeId: eid }));
      continue;
    }
    if (!nodeDef(s.type) || !nodeDef(t.type)) continue; // reported above
    const sp = nodePorts(graph, s).outputs.find((p) => p.name === e.sourcePort);
    const tp = nodePorts(graph, t).inputs.find((p) => p.name === e.targetPort);
    if (!sp) problems.push(error(`${s.type} "${s.id}" has no output port "${e.sourcePort}" (it has ${nodePorts(graph, s).outputs.map((p) => p.name).join(', ') || 'none'})`, { nodeId: s.id, port: e.sourcePort, edgeId: eid }));
    if (!tp) problems.push(error(`${t.type} "${t.id}" has no input port "${e.targetPort}" (it has ${nodePorts(graph, t).inputs.map((p) => p.name).join(', ') || 'none'})`, { nodeId: t.id, port: e.targetPort, edgeId: eid }));
    if (!sp || !tp) continue;
    if (!portKindsConnect(sp.kind, tp.kind))
      problems.push(error(`edge ${s.id}.${sp.name} → ${t.id}.${tp.name} joins a ${sp.kind} output to a ${tp.kind} input`, { nodeId: t.id, port: tp.name, edgeId: eid }));
    const key = `${t.id}.${tp.name}`;
    if (fed.has(key)) problems.push(error(`input ${tp.name} of ${t.type} "${t.id}" has two incoming edges (from ${fed.get(key)} and ${s.id}.${sp.name})`, { nodeId: t.id, port: tp.name, edgeId: eid }));
    else fed.set(key, `${s.id}.${sp.name}`);
  }

  const cycle = findCycle(graph, byId);
  if (cycle) problems.push(error(`the graph has a cycle ${cycle.join(' → ')}; only a recurrent node's state inputs (h0, c0) may be fed from downstream`, { nodeId: cycle[0] }));
  return problems;
}

export function portKindsConnect(source: PortSpec['kind'], target: PortSpec['kind']): boolean {
  return source === target;
}

/** A cycle among forward edges (edges into feedback ports do not count), or undefined. */
function findCycle(graph: Graph, byId: Map<string, GraphNode>): string[] | undefined {
  const out = new Map<string, string[]>();
  for (const e of graph.edges) {
    const t = byId.get(e.target);
    if (!t || !byId.has(e.source)) continue;
    const tp = nodePorts(graph, t).inputs.find((p) => p.name === e.targetPort);
    if (tp?.feedback) continue;
    if (!out.has(e.source)) out.set(e.source, []);
    out.get(e.source)!.push(e.target);
  }
  const state = new Map<string, 1 | 2>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, 1);
    path.push(id);
    for (const nxt of out.get(id) ?? []) {
      if (state.get(nxt) === 1) return [...path.slice(path.indexOf(nxt)), nxt];
      if (!state.has(nxt)) {
        const c = visit(nxt);
        if (c) return c;
      }
    }
    path.pop();
    state.set(id, 2);
    return undefined;
  };
  for (const n of graph.nodes) if (!state.has(n.id)) {
    const c = visit(n.id);
    if (c) return c;
  }
  return undefined;
}
