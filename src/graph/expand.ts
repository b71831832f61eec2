// Group expansion: the document (nodes nested in groups, groups repeated ×k) becomes a flat
// graph of plain nodes. Copy i of node n in group g gets the id `g[i]/n`; with shared weights
// every copy reads the weights stored under `g/n`.
import type { ParamValues } from '../../nodes/api';
import { nodeDef } from '../../nodes/index';
import { resolveParams } from '../../nodes/params';
import type { NodeDef } from '../../nodes/api';
import { LIMITS } from './limits';
import { error, type Problem } from './problems';
import type { Graph, GraphNode } from './schema';
import { GRAPH_INPUT, GRAPH_OUTPUT, GROUP, nodePorts } from './validate';

export interface FlatNode {
  id: string;
  type: string;
  def: NodeDef;
  params: ParamValues;
  /** The document node this copy came from (errors and shape badges go there). */
  docId: string;
  /** Prefix of this node's weight names: its id, or the shared id for shared-weight groups. */
  weightKey: string;
}

export interface FlatEdge {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
  /** Into a feedback port: carries the previous step's value, not part of the forward order. */
  feedback: boolean;
}

export interface FlatGraph {
  nodes: FlatNode[];
  edges: FlatEdge[];
}

interface Scope {
  /** Flat-id prefix for nodes of this scope, e.g. "block[1]/". */
  prefix: string;
  /** Weight-key prefix (differs from prefix inside shared-weight groups). */
  weightPrefix: string;
}

export function expandGraph(graph: Graph): { flat: FlatGraph; problems: Problem[] } {
  const problems: Problem[] = [];
  const children = new Map<string | undefined, GraphNode[]>();
  for (const n of graph.nodes) {
    if (!children.has(n.parent)) children.set(n.parent, []);
    children.get(n.parent)!.push(n);
  }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes: FlatNode[] = [];
  const edges: FlatEdge[] = [];

  const repeatOf = (g: GraphNode) => (typeof g.params.repeat === 'number' ? g.params.repeat : 1);
  const portNodeId = (groupId: string, type: string, port: string) =>
    (children.get(groupId) ?? []).find((c) => c.type === type && (c.params.name ?? (type === GRAPH_INPUT ? 'x' : 'y')) === port)?.id;

  /** Where an edge into (node, port) of a scope lands in the flat graph. */
  const flatTarget = (scope: Scope, n: GraphNode, port: string): [string, string] | undefined => {
    if (n.type !== GROUP) return [scope.prefix + n.id, port];
    const inner = portNodeId(n.id, GRAPH_INPUT, port);
    return inner ? [`${scope.prefix}${n.id}[0]/${inner}`, 'x'] : undefined;
  };
  const flatSource = (scope: Scope, n: GraphNode, port: string): [string, string] | undefined => {
    if (n.type !== GROUP) return [scope.prefix + n.id, port];
    const inner = portNodeId(n.id, GRAPH_OUTPUT, port);
    return inner ? [`${scope.prefix}${n.id}[${repeatOf(n) - 1}]/${inner}`, 'y'] : undefined;
  };

  const expandScope = (parent: string | undefined, scope: Scope) => {
    if (nodes.length > LIMITS.expandedNodes) return;
    for (const n of children.get(parent) ?? []) {
      const def = nodeDef(n.type);
      if (!def) continue;
      if (n.type === GROUP) {
        const k = repeatOf(n);
        const shared = n.params.sharedWeights === true;
        const ports = nodePorts(graph, n);
        if (k > 1 && (ports.inputs.length !== ports.outputs.length || ports.inputs.some((p, i) => p.kind !== ports.outputs[i].kind))) {
          problems.push(
            error(
              `group "${n.label ?? n.id}": repeat ×${k} chains copies output i → input i, so it needs matching inputs and outputs (inputs: ${ports.inputs.map((p) => `${p.name}:${p.kind}`).join(', ') || 'none'}; outputs: ${ports.outputs.map((p) => `${p.name}:${p.kind}`).join(', ') || 'none'})`,
              { nodeId: n.id },
            ),
          );
          continue;
        }
        const ins = (children.get(n.id) ?? []).filter((c) => c.type === GRAPH_INPUT);
        const outs = (children.get(n.id) ?? []).filter((c) => c.type === GRAPH_OUTPUT);
        for (let i = 0; i < k; i++) {
          const copyPrefix = `${scope.prefix}${n.id}[${i}]/`;
          const wPrefix = shared ? `${scope.weightPrefix}${n.id}/` : copyPrefix;
          expandScope(n.id, { prefix: copyPrefix, weightPrefix: wPrefix });
          if (i > 0) {
            const prevPrefix = `${scope.prefix}${n.id}[${i - 1}]/`;
            outs.forEach((o, j) =>
              edges.push({ source: prevPrefix + o.id, sourcePort: 'y', target: copyPrefix + ins[j].id, targetPort: 'x', feedback: false }),
            );
          }
        }
        continue;
      }
      const { params } = resolveParams(def.params, n.params);
      nodes.push({ id: scope.prefix + n.id, type: n.type, def: def as NodeDef, params, docId: n.id, weightKey: scope.weightPrefix + n.id });
    }
    // Edges of this scope.
    for (const e of graph.edges) {
      const s = byId.get(e.source);
      const t = byId.get(e.target);
      if (!s || !t || s.parent !== parent || t.parent !== parent) continue;
      const src = flatSource(scope, s, e.sourcePort);
      const tgt = flatTarget(scope, t, e.targetPort);
      if (!src || !tgt) continue;
      const feedback = t.type !== GROUP && !!nodePorts(graph, t).inputs.find((p) => p.name === e.targetPort)?.feedback;
      edges.push({ source: src[0], sourcePort: src[1], target: tgt[0], targetPort: tgt[1], feedback });
    }
  };
  expandScope(undefined, { prefix: '', weightPrefix: '' });
  resolveFeedback(edges);
  if (nodes.length > LIMITS.expandedNodes)
    problems.push(error(`expanding the groups gives more than ${LIMITS.expandedNodes} nodes; lower a repeat count`));
  return { flat: { nodes, edges }, problems };
}

/**
 * An edge into a feedback port (an RNN's h0/c0) is a real feedback edge only when it closes a
 * loop (its source depends on its target); from upstream (an encoder's final state into a
 * decoder) it is an ordinary forward edge that carries gradients.
 */
function resolveFeedback(edges: FlatEdge[]): void {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    if (e.feedback) continue;
    if (!out.has(e.source)) out.set(e.source, []);
    out.get(e.source)!.push(e.target);
  }
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const id = stack.pop()!;
      if (id === to) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(out.get(id) ?? []));
    }
    return false;
  };
  for (const e of edges) if (e.feedback && !reaches(e.target, e.source)) e.feedback = false;
}
