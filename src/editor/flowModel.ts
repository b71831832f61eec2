// Graph document + analysis → React Flow nodes and edges for the open scope. Objects are
// cached and reused when nothing they show changed, so React Flow re-renders only the nodes
// that actually changed (a param edit re-renders one node, not three hundred).
import { nodeDef } from '../../nodes/index';
import type { PortSpec } from '../../nodes/api';
import type { Analysis } from '../graph/analyze';
import type { Problem } from '../graph/problems';
import type { Graph, GraphEdge, GraphNode } from '../graph/schema';
import { nodePorts } from '../graph/validate';
import { edgeKey } from '../state/ops';
import type { FlowNode, NodeData } from './GraphNodeView';
import { handleId } from './ports';
import type { FlowEdge } from './TypedEdge';

export interface ProblemIndex {
  byNode: Map<string, Problem[]>;
  /** Group id → problems of nodes anywhere inside it. */
  inner: Map<string, Problem[]>;
  /** Edge id → message, for edges into a port that inference rejected. */
  byEdge: Map<string, string>;
  /** Problems tied to no node or edge (limits, the graph as a whole). */
  global: Problem[];
}

export function indexProblems(graph: Graph, problems: readonly Problem[]): ProblemIndex {
  const byNode = new Map<string, Problem[]>();
  const inner = new Map<string, Problem[]>();
  const byEdge = new Map<string, string>();
  const global: Problem[] = [];
  const parentOf = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  const push = <K,>(m: Map<K, Problem[]>, k: K, p: Problem) => {
    const list = m.get(k);
    if (list) list.push(p);
    else m.set(k, [p]);
  };
  for (const p of problems) {
    if (p.edgeId && !byEdge.has(p.edgeId)) byEdge.set(p.edgeId, p.message);
    if (p.nodeId) {
      push(byNode, p.nodeId, p);
      const seen = new Set<string>();
      for (let g = parentOf.get(p.nodeId); g !== undefined && !seen.has(g); g = parentOf.get(g)) {
        seen.add(g);
        push(inner, g, p);
      }
      if (p.port && !p.edgeId) {
        const e = graph.edges.find((x) => x.target === p.nodeId && x.targetPort === p.port);
        if (e && !byEdge.has(edgeKey(e))) byEdge.set(edgeKey(e), p.message);
      }
    } else if (!p.edgeId) global.push(p);
  }
  return { byNode, inner, byEdge, global };
}

interface CachedNode {
  src: GraphNode;
  selected: boolean;
  sig: string;
  flow: FlowNode;
}

interface CachedEdge {
  src: GraphEdge;
  selected: boolean;
  sig: string;
  flow: FlowEdge;
}

export interface FlowCache {
  nodes: Map<string, CachedNode>;
  edges: Map<string, CachedEdge>;
}

export const newFlowCache = (): FlowCache => ({ nodes: new Map(), edges: new Map() });

const NO_PROBLEMS: Problem[] = [];

export function buildFlow(
  graph: Graph,
  parent: string | undefined,
  selection: { nodes: readonly string[]; edges: readonly string[] },
  analysis: Analysis,
  problems: ProblemIndex,
  cache: FlowCache,
  measured: ReadonlyMap<string, { width: number; height: number }>,
  /**
   * Zoomed far out, param fields are too small to use; they are drawn as text, which is far
   * cheaper to paint. Passed in (one subscription in the canvas) rather than read by every
   * node, so three hundred nodes do not each watch the zoom.
   */
  plain = false,
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const selNodes = new Set(selection.nodes);
  const selEdges = new Set(selection.edges);
  const ports = new Map<string, { inputs: PortSpec[]; outputs: PortSpec[] }>();
  const nodes: FlowNode[] = [];
  const seenNodes = new Set<string>();

  for (const n of graph.nodes) {
    if (n.parent !== parent) continue;
    seenNodes.add(n.id);
    const p = nodePorts(graph, n);
    ports.set(n.id, p);
    const shapes = analysis.docShapes.get(n.id);
    const own = problems.byNode.get(n.id) ?? NO_PROBLEMS;
    const inner = problems.inner.get(n.id) ?? NO_PROBLEMS;
    const selected = selNodes.has(n.id);
    const sig = JSON.stringify([plain, p, shapes?.outputs, shapes?.paramCount, own.map((x) => [x.message, x.port]), inner.map((x) => x.message)]);
    const hit = cache.nodes.get(n.id);
    const m = measured.get(n.id);
    // React Flow reads sizes from the node objects it is given (minimap, fit view), so a
    // new measurement makes a new object.
    const sameSize = hit?.flow.measured?.width === m?.width && hit?.flow.measured?.height === m?.height;
    if (hit && hit.src === n && hit.selected === selected && hit.sig === sig && sameSize) {
      nodes.push(hit.flow);
      continue;
    }
    const data: NodeData = {
      node: n,
      def: nodeDef(n.type),
      inputs: p.inputs,
      outputs: p.outputs,
      outShapes: shapes?.outputs,
      paramCount: shapes?.paramCount,
      problems: own,
      innerProblems: inner,
      plain,
    };
    const flow: FlowNode = { id: n.id, type: 'tl', position: n.position, data, selected, ...(m ? { measured: m } : {}) };
    cache.nodes.set(n.id, { src: n, selected, sig, flow });
    nodes.push(flow);
  }
  for (const id of cache.nodes.keys()) if (!seenNodes.has(id)) cache.nodes.delete(id);

  const edges: FlowEdge[] = [];
  const seenEdges = new Set<string>();
  for (const e of graph.edges) {
    const sp = ports.get(e.source)?.outputs.find((x) => x.name === e.sourcePort);
    const tp = ports.get(e.target)?.inputs.find((x) => x.name === e.targetPort);
    // Edges outside the scope, or to ports that do not exist (validation lists those).
    if (!sp || !tp) continue;
    const id = edgeKey(e);
    if (seenEdges.has(id)) continue;
    seenEdges.add(id);
    const selected = selEdges.has(id);
    const error = problems.byEdge.get(id);
    const sourceHandle = handleId('out', sp);
    const targetHandle = handleId('in', tp);
    const sig = `${sourceHandle}|${targetHandle}|${error ?? ''}`;
    const hit = cache.edges.get(id);
    if (hit && hit.src === e && hit.selected === selected && hit.sig === sig) {
      edges.push(hit.flow);
      continue;
    }
    const flow: FlowEdge = {
      id,
      source: e.source,
      target: e.target,
      sourceHandle,
      targetHandle,
      type: 'tl',
      selected,
      data: { kind: sp.kind, error },
      ...(error ? { zIndex: 1 } : {}),
    };
    cache.edges.set(id, { src: e, selected, sig, flow });
    edges.push(flow);
  }
  for (const id of cache.edges.keys()) if (!seenEdges.has(id)) cache.edges.delete(id);
  return { nodes, edges };
}
