import { describe, expect, it } from 'vitest';
import { emptyGraph, type Graph } from '../graph/schema';
import { analysisOf, sameSemantics } from './analysis';
import { addNode, connect, moveNodes, setParam } from './ops';
import { createDocStore } from './store';

function graph(): Graph {
  const g = emptyGraph('g');
  addNode(g, { type: 'text-corpus', id: 'corpus', position: { x: 0, y: 0 } });
  addNode(g, { type: 'embedding', id: 'emb', position: { x: 300, y: 0 } });
  connect(g, { node: 'corpus', port: 'tokens' }, { node: 'emb', port: 'tokens' });
  return g;
}

describe('analysis cache', () => {
  it('moving nodes reuses the analysis; a param edit does not', () => {
    const store = createDocStore(graph());
    const before = store.getState().graph;
    const first = analysisOf(before);
    store.update((g) => moveNodes(g, { emb: { x: 999, y: 5 } }));
    const moved = store.getState().graph;
    expect(moved).not.toBe(before);
    expect(sameSemantics(before, moved)).toBe(true);
    expect(analysisOf(moved)).toBe(first);
    store.update((g) => setParam(g, 'emb', 'dModel', 16));
    expect(sameSemantics(moved, store.getState().graph)).toBe(false);
    const second = analysisOf(store.getState().graph);
    expect(second).not.toBe(first);
    expect(second.docShapes.get('emb')!.outputs.y.shape).toEqual(['B', 64, 16]);
  });

  it('a failing node file is reported as a problem, not thrown', () => {
    const g = graph();
    // A hand-made document that skipped the schema (no training settings) must not crash.
    const broken = { ...g, training: undefined } as unknown as Graph;
    const a = analysisOf(broken);
    expect(a.ok).toBe(false);
    expect(a.problems[0].message).toMatch(/shape inference failed/);
  });
});
