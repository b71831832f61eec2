import { describe, expect, it } from 'vitest';
import { analyze } from '../graph/analyze';
import { emptyGraph, type Graph } from '../graph/schema';
import { groupPorts, validateGraph } from '../graph/validate';
import { addNode, connect, freshId, groupNodes, removeNodes, ungroup } from './ops';

function block(): Graph {
  const g = emptyGraph('block');
  addNode(g, { type: 'text-corpus', id: 'corpus', position: { x: 0, y: 0 } });
  addNode(g, { type: 'embedding', id: 'emb', position: { x: 300, y: 0 } });
  addNode(g, { type: 'multi-head-attention', id: 'mha', position: { x: 600, y: 0 } });
  addNode(g, { type: 'residual-norm', id: 'rn', position: { x: 900, y: 0 } });
  addNode(g, { type: 'dense', id: 'head', position: { x: 1200, y: 0 } });
  connect(g, { node: 'corpus', port: 'tokens' }, { node: 'emb', port: 'tokens' });
  connect(g, { node: 'emb', port: 'y' }, { node: 'mha', port: 'q' });
  connect(g, { node: 'emb', port: 'y' }, { node: 'rn', port: 'x' });
  connect(g, { node: 'mha', port: 'y' }, { node: 'rn', port: 'fx' });
  connect(g, { node: 'rn', port: 'y' }, { node: 'head', port: 'x' });
  return g;
}

describe('graph edits', () => {
  it('fresh ids never collide', () => {
    const g = block();
    expect(freshId(g, 'dense')).toBe('dense_1');
    expect(freshId(g, 'dense_1', new Set(['dense_1']))).toBe('dense_2');
    expect(freshId(g, 'multi-head-attention')).toBe('mha_1');
  });

  it('connecting into a fed input replaces the old edge', () => {
    const g = block();
    connect(g, { node: 'mha', port: 'y' }, { node: 'rn', port: 'x' });
    expect(g.edges.filter((e) => e.target === 'rn' && e.targetPort === 'x').map((e) => e.source)).toEqual(['mha']);
  });

  it('removing a group removes what is inside it and the edges touching it', () => {
    const g = block();
    const gid = groupNodes(g, ['mha', 'rn'])!;
    removeNodes(g, [gid]);
    expect(g.nodes.map((n) => n.id)).toEqual(['corpus', 'emb', 'head']);
    expect(g.edges.map((e) => `${e.source}->${e.target}`)).toEqual(['corpus->emb']);
  });

  it('grouping routes crossing edges through one port per outside source and keeps the shapes', () => {
    const g = block();
    const before = analyze(g);
    const gid = groupNodes(g, ['mha', 'rn'])!;
    expect(validateGraph(g)).toEqual([]);
    const ports = groupPorts(g, gid);
    // emb.y feeds both mha.q and rn.x: one input. rn.y leaves: one output.
    expect(ports.inputs.map((p) => `${p.name}:${p.kind}`)).toEqual(['q:tensor']);
    expect(ports.outputs.map((p) => `${p.name}:${p.kind}`)).toEqual(['y:tensor']);
    const after = analyze(g);
    expect(after.ok).toBe(true);
    expect(after.totals.params).toBe(before.totals.params);
    expect(after.docShapes.get(gid)!.outputs.y).toEqual(before.docShapes.get('rn')!.outputs.y);
  });

  it('a group with matching ports repeats: ×2 doubles its parameters', () => {
    const g = block();
    const gid = groupNodes(g, ['mha', 'rn'])!;
    const one = analyze(g).docShapes.get(gid)!.paramCount;
    g.nodes.find((n) => n.id === gid)!.params.repeat = 2;
    const a = analyze(g);
    expect(a.ok).toBe(true);
    expect(a.docShapes.get(gid)!.paramCount).toBe(2 * one);
  });

  it('ungroup restores the original wiring', () => {
    const g = block();
    const original = new Set(g.edges.map((e) => e.id));
    const gid = groupNodes(g, ['mha', 'rn'])!;
    const freed = ungroup(g, gid);
    expect(freed.sort()).toEqual(['mha', 'rn']);
    expect(new Set(g.edges.map((e) => e.id))).toEqual(original);
    expect(g.nodes.every((n) => n.parent === undefined)).toBe(true);
    expect(g.nodes.find((n) => n.id === 'mha')!.position).toEqual({ x: 600, y: 0 });
    expect(validateGraph(g)).toEqual([]);
  });

  it('groups inside an open group stay in that scope', () => {
    const g = block();
    const outer = groupNodes(g, ['mha', 'rn'])!;
    const inner = groupNodes(g, ['mha'])!;
    expect(g.nodes.find((n) => n.id === inner)!.parent).toBe(outer);
    expect(validateGraph(g)).toEqual([]);
    expect(analyze(g).ok).toBe(true);
  });
});
