import { describe, expect, it } from 'vitest';
import { emptyGraph, type Graph } from '../graph/schema';
import { validateGraph } from '../graph/validate';
import { copyFragment, parseGraphText, pasteFragment } from './clipboard';
import { addNode, connect, groupNodes } from './ops';
import { createDocStore } from './store';

function graph(): Graph {
  const g = emptyGraph('g');
  addNode(g, { type: 'text-corpus', id: 'corpus', position: { x: 0, y: 0 } });
  addNode(g, { type: 'embedding', id: 'emb', position: { x: 300, y: 0 } });
  addNode(g, { type: 'dense', id: 'dense_1', position: { x: 600, y: 40 } });
  connect(g, { node: 'corpus', port: 'tokens' }, { node: 'emb', port: 'tokens' });
  connect(g, { node: 'emb', port: 'y' }, { node: 'dense_1', port: 'x' });
  return g;
}

describe('copy and paste', () => {
  it('copies the selected nodes and only the edges among them, as a loadable graph document', () => {
    const frag = copyFragment(graph(), ['emb', 'dense_1']);
    expect(frag.nodes.map((n) => n.id)).toEqual(['emb', 'dense_1']);
    expect(frag.edges.map((e) => `${e.source}->${e.target}`)).toEqual(['emb->dense_1']);
    const back = parseGraphText(JSON.stringify(frag));
    expect('graph' in back && back.graph.nodes.length).toBe(2);
  });

  it('pastes under fresh ids, remaps edges, and never clashes with existing ids', () => {
    const g = graph();
    const frag = copyFragment(g, ['emb', 'dense_1']);
    const top = pasteFragment(g, frag, { offset: { x: 40, y: 40 } });
    expect(top).toEqual(['emb_1', 'dense_2']);
    const ids = g.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    const pastedEdge = g.edges.find((e) => e.source === 'emb_1');
    expect(pastedEdge).toMatchObject({ sourcePort: 'y', target: 'dense_2', targetPort: 'x', id: 'emb_1.y->dense_2.x' });
    expect(g.nodes.find((n) => n.id === 'dense_2')!.position).toEqual({ x: 640, y: 80 });
    // The originals are untouched and the result is still a valid document.
    expect(g.edges.filter((e) => e.source === 'emb')).toHaveLength(1);
    expect(validateGraph(g)).toEqual([]);
  });

  it('pasting twice gives two independent copies', () => {
    const g = graph();
    const frag = copyFragment(g, ['dense_1']);
    pasteFragment(g, frag);
    pasteFragment(g, frag);
    expect(g.nodes.filter((n) => n.type === 'dense').map((n) => n.id)).toEqual(['dense_1', 'dense_2', 'dense_3']);
  });

  it('copies a group with everything inside it and remaps parents on paste', () => {
    const g = graph();
    const gid = groupNodes(g, ['emb'])!;
    const frag = copyFragment(g, [gid]);
    expect(frag.nodes.filter((n) => n.parent === gid).length).toBe(frag.nodes.length - 1);
    const [newGroup] = pasteFragment(g, frag, { at: { x: 1000, y: 1000 } });
    expect(newGroup).not.toBe(gid);
    const inner = g.nodes.filter((n) => n.parent === newGroup);
    expect(inner.map((n) => n.type).sort()).toEqual(['embedding', 'graph-input', 'graph-output']);
    const innerIds = new Set(inner.map((n) => n.id));
    const innerEdges = g.edges.filter((e) => innerIds.has(e.source) || innerIds.has(e.target));
    expect(innerEdges).toHaveLength(2);
    expect(innerEdges.every((e) => innerIds.has(e.source) && innerIds.has(e.target))).toBe(true);
    expect(g.nodes.find((n) => n.id === newGroup)!.position).toEqual({ x: 1000, y: 1000 });
    expect(validateGraph(g)).toEqual([]);
  });

  it('pastes into an open group when asked', () => {
    const g = graph();
    const gid = groupNodes(g, ['dense_1'])!;
    const top = pasteFragment(g, copyFragment(g, ['emb']), { parent: gid });
    expect(g.nodes.find((n) => n.id === top[0])!.parent).toBe(gid);
  });

  it('is one undo step in the store, and undo removes every pasted node', () => {
    const store = createDocStore(graph());
    const before = store.getState().graph;
    const frag = copyFragment(before, ['emb', 'dense_1']);
    store.update((d) => void pasteFragment(d, frag, { offset: { x: 10, y: 10 } }));
    expect(store.getState().graph.nodes).toHaveLength(5);
    store.undo();
    expect(store.getState().graph).toEqual(before);
  });

  it('refuses text that is not a graph, and hostile keys do not survive', () => {
    expect('problems' in parseGraphText('hello')).toBe(true);
    expect('problems' in parseGraphText('{"format":"other"}')).toBe(true);
    const hostile = JSON.stringify(copyFragment(graph(), ['emb'])).replace('"params":{', '"params":{"__proto__":{"polluted":1},');
    const r = parseGraphText(hostile);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if ('graph' in r) expect(Object.keys(r.graph.nodes[0].params)).not.toContain('__proto__');
  });

  it('accepts a current-version fragment that only fails validation (a copied group port)', () => {
    const g = graph();
    const gid = groupNodes(g, ['emb'])!;
    const port = g.nodes.find((n) => n.parent === gid && n.type === 'graph-input')!;
    const r = parseGraphText(JSON.stringify(copyFragment(g, [port.id])));
    expect('graph' in r).toBe(true);
  });
});
