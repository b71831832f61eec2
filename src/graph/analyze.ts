// Shape inference over the whole graph: validate, expand groups, order the nodes, run each
// node's infer() on its inputs' shapes. Every problem comes back at once, tied to the document
// node it belongs to; a node downstream of a failed one is skipped rather than blamed.
import { NodeError, type Dim, type TensorInfo, type WeightSpec } from '../../nodes/api';
import { fmtShape, inferNode } from '../../nodes/infer-ctx';
import { expandGraph, type FlatEdge, type FlatGraph, type FlatNode } from './expand';
import { LIMITS } from './limits';
import { error, hasErrors, type Problem } from './problems';
import type { Graph } from './schema';
import { GROUP, validateGraph } from './validate';

export interface NodeShapes {
  inputs: Record<string, TensorInfo>;
  outputs: Record<string, TensorInfo>;
  weights: Record<string, WeightSpec>;
  paramCount: number;
}

export interface Analysis {
  flat: FlatGraph;
  /** Flat nodes in forward order (feedback edges excluded). */
  order: FlatNode[];
  shapes: Map<string, NodeShapes>;
  /** Per document node: output shapes (copy 0 for nodes in repeated groups) and parameter count. */
  docShapes: Map<string, { outputs: Record<string, TensorInfo>; paramCount: number }>;
  problems: Problem[];
  ok: boolean;
  totals: { params: number; activationElements: number; batch: number };
}

export const elements = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Concrete element count of a shape, taking symbolic sizes at a run-time guess. */
function guessElements(shape: readonly Dim[], batch: number): number {
  return shape.reduce<number>((a, d) => a * (typeof d === 'number' ? d : d === 'B' ? batch : 1), 1);
}

export function topoOrder(flat: FlatGraph): { order: FlatNode[]; cyclic: boolean } {
  const indeg = new Map(flat.nodes.map((n) => [n.id, 0]));
  const out = new Map<string, FlatEdge[]>();
  for (const e of flat.edges) {
    if (e.feedback || !indeg.has(e.source) || !indeg.has(e.target)) continue;
    indeg.set(e.target, indeg.get(e.target)! + 1);
    if (!out.has(e.source)) out.set(e.source, []);
    out.get(e.source)!.push(e);
  }
  const byId = new Map(flat.nodes.map((n) => [n.id, n]));
  const ready = flat.nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  const order: FlatNode[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(byId.get(id)!);
    for (const e of out.get(id) ?? []) {
      const d = indeg.get(e.target)! - 1;
      indeg.set(e.target, d);
      if (d === 0) ready.push(e.target);
    }
  }
  return { order, cyclic: order.length !== flat.nodes.length };
}

function batchGuess(graph: Graph, flat: FlatGraph): number {
  if (graph.training.batchSize) return graph.training.batchSize;
  for (const n of flat.nodes) if (n.def.openData && typeof n.params.batchSize === 'number') return n.params.batchSize;
  return 32;
}

export function analyze(graph: Graph): Analysis {
  const problems: Problem[] = validateGraph(graph);
  const empty: Analysis = {
    flat: { nodes: [], edges: [] },
    order: [],
    shapes: new Map(),
    docShapes: new Map(),
    problems,
    ok: false,
    totals: { params: 0, activationElements: 0, batch: 0 },
  };
  if (hasErrors(problems)) return empty;
  const { flat, problems: expandProblems } = expandGraph(graph);
  problems.push(...expandProblems);
  if (hasErrors(problems)) return { ...empty, flat };
  const { order } = topoOrder(flat);
  const batch = batchGuess(graph, flat);

  const incoming = new Map<string, FlatEdge[]>();
  for (const e of flat.edges) {
    if (!incoming.has(e.target)) incoming.set(e.target, []);
    incoming.get(e.target)!.push(e);
  }
  const shapes = new Map<string, NodeShapes>();
  const failed = new Set<string>();
  let totalParams = 0;
  let activationElements = 0;
  const counted = new Set<string>();

  for (const n of order) {
    const inputs: Record<string, TensorInfo> = {};
    let upstreamFailed = false;
    for (const e of incoming.get(n.id) ?? []) {
      if (e.feedback) continue;
      if (failed.has(e.source)) { upstreamFailed = true; continue; }
      const info = shapes.get(e.source)?.outputs[e.sourcePort];
      if (info) inputs[e.targetPort] = info;
    }
    if (upstreamFailed) { failed.add(n.id); continue; }
    try {
      const r = inferNode(n.def, n.id, n.params, inputs);
      let paramCount = 0;
      for (const [wName, w] of Object.entries(r.weights)) {
        const count = elements(w.shape);
        if (count > LIMITS.weightElements)
          throw new NodeError(n.id, n.type, undefined, `weight ${wName} ${fmtShape(w.shape)} has ${count.toLocaleString('en')} elements; the limit is ${LIMITS.weightElements.toLocaleString('en')}`);
        if (w.trainable !== false) paramCount += count;
        if (!counted.has(`${n.weightKey}/${wName}`)) {
          counted.add(`${n.weightKey}/${wName}`);
          if (w.trainable !== false) totalParams += count;
        }
      }
      for (const [port, info] of Object.entries(r.outputs)) {
        const count = guessElements(info.shape, batch);
        if (count > LIMITS.activationElements)
          throw new NodeError(n.id, n.type, port, `output ${port} ${fmtShape(info.shape)} would hold about ${count.toExponential(1)} elements at batch ${batch}; the limit is ${LIMITS.activationElements.toExponential(1)}`);
        activationElements += count;
      }
      shapes.set(n.id, { inputs, outputs: r.outputs, weights: r.weights, paramCount });
    } catch (e) {
      failed.add(n.id);
      if (e instanceof NodeError) problems.push(error(e.message, { nodeId: n.docId, port: e.port }));
      else problems.push(error(`${n.type} "${n.id}": ${(e as Error).message}`, { nodeId: n.docId }));
    }
  }
  if (totalParams > LIMITS.totalWeightElements)
    problems.push(error(`the graph has ${totalParams.toLocaleString('en')} parameters; the limit is ${LIMITS.totalWeightElements.toLocaleString('en')}`));

  return {
    flat,
    order,
    shapes,
    docShapes: docShapesOf(graph, flat, shapes),
    problems,
    ok: !hasErrors(problems),
    totals: { params: totalParams, activationElements, batch },
  };
}

/** Shapes for the editor's badges: plain nodes from their first copy, groups from their port nodes. */
function docShapesOf(graph: Graph, flat: FlatGraph, shapes: Map<string, NodeShapes>) {
  const doc = new Map<string, { outputs: Record<string, TensorInfo>; paramCount: number }>();
  for (const n of flat.nodes) {
    const s = shapes.get(n.id);
    if (!s || doc.has(n.docId)) continue;
    doc.set(n.docId, { outputs: s.outputs, paramCount: s.paramCount });
  }
  // Groups: outputs are those of the last copy's graph-output nodes; params sum all copies.
  for (const g of graph.nodes.filter((x) => x.type === GROUP)) {
    const outputs: Record<string, TensorInfo> = {};
    let paramCount = 0;
    const seenWeights = new Set<string>();
    for (const n of flat.nodes) {
      if (!n.id.startsWith(`${g.id}[`) && !n.id.includes(`/${g.id}[`)) continue;
      const s = shapes.get(n.id);
      if (!s) continue;
      if (!seenWeights.has(n.weightKey)) { seenWeights.add(n.weightKey); paramCount += s.paramCount; }
      if (n.type === 'graph-output' && graph.nodes.find((x) => x.id === n.docId)?.parent === g.id && s.outputs.y)
        outputs[String(n.params.name)] = s.outputs.y;
    }
    doc.set(g.id, { outputs, paramCount });
  }
  return doc;
}
