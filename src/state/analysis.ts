// Shape inference for the views, cached on what inference reads: moving a node changes
// positions only, so it reuses the last analysis; large graphs are analysed after a short
// pause instead of on every keystroke.
import { useEffect, useMemo, useState } from 'react';
import { analyze, type Analysis } from '../graph/analyze';
import { error } from '../graph/problems';
import type { Graph } from '../graph/schema';
import { useDoc } from './hooks';

/** Graphs with more nodes than this are analysed debounced. */
export const LARGE_GRAPH = 150;
const DEBOUNCE_MS = 120;

/** True when the two documents differ at most in positions (and other layout-only fields). */
export function sameSemantics(a: Graph, b: Graph): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.training !== b.training || a.nodes.length !== b.nodes.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i];
    const y = b.nodes[i];
    if (x === y) continue;
    if (x.id !== y.id || x.type !== y.type || x.params !== y.params || x.parent !== y.parent || x.label !== y.label) return false;
  }
  return true;
}

let last: { graph: Graph; analysis: Analysis } | undefined;

function safeAnalyze(graph: Graph): Analysis {
  try {
    return analyze(graph);
  } catch (e) {
    // A bug in a node file must not take the page down: report it like any other problem.
    return {
      flat: { nodes: [], edges: [] },
      order: [],
      shapes: new Map(),
      docShapes: new Map(),
      problems: [error(`shape inference failed: ${(e as Error).message}`)],
      ok: false,
      totals: { params: 0, activationElements: 0, batch: 0 },
    };
  }
}

/** The cached analysis when the graph only moved, else undefined. */
export function cachedAnalysis(graph: Graph): Analysis | undefined {
  return last && sameSemantics(last.graph, graph) ? last.analysis : undefined;
}

/** analyze(), reusing the previous result when only layout changed. */
export function analysisOf(graph: Graph): Analysis {
  const hit = cachedAnalysis(graph);
  if (hit) {
    last = { graph, analysis: hit };
    return hit;
  }
  const analysis = safeAnalyze(graph);
  last = { graph, analysis };
  return analysis;
}

/** The analysis of the current document; for large graphs it may lag an edit by a moment. */
export function useAnalysis(): Analysis {
  const graph = useDoc((s) => s.graph);
  const large = graph.nodes.length > LARGE_GRAPH;
  const immediate = useMemo(() => (large ? cachedAnalysis(graph) : analysisOf(graph)), [graph, large]);
  const [delayed, setDelayed] = useState<Analysis>(() => immediate ?? analysisOf(graph));
  useEffect(() => {
    if (immediate) return;
    const t = setTimeout(() => setDelayed(analysisOf(graph)), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [graph, immediate]);
  return immediate ?? delayed;
}
