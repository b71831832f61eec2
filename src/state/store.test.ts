import { describe, expect, it } from 'vitest';
import { emptyGraph, type Graph } from '../graph/schema';
import { validateGraph } from '../graph/validate';
import { addNode, connect, moveNodes, removeNodes, setParam } from './ops';
import { createDocStore } from './store';

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function chain(): Graph {
  const g = emptyGraph('chain');
  addNode(g, { type: 'text-corpus', id: 'corpus', position: { x: 0, y: 0 } });
  addNode(g, { type: 'embedding', id: 'emb', position: { x: 300, y: 0 }, params: { dModel: 32 } });
  connect(g, { node: 'corpus', port: 'tokens' }, { node: 'emb', port: 'tokens' });
  return g;
}

describe('document store', () => {
  it('records each update as patches that undo and redo to the exact same documents', () => {
    const c = clock();
    const store = createDocStore(chain(), { now: c.now });
    const states: Graph[] = [store.getState().graph];
    store.update((g) => void addNode(g, { type: 'dense', id: 'd', position: { x: 600, y: 0 } }));
    states.push(store.getState().graph);
    c.advance(5000);
    store.update((g) => void connect(g, { node: 'emb', port: 'y' }, { node: 'd', port: 'x' }));
    states.push(store.getState().graph);
    c.advance(5000);
    store.update((g) => setParam(g, 'd', 'units', 7));
    states.push(store.getState().graph);

    expect(store.historySize()).toBe(3);
    for (let i = states.length - 2; i >= 0; i--) {
      expect(store.undo()).toBe(true);
      expect(store.getState().graph).toEqual(states[i]);
    }
    expect(store.undo()).toBe(false);
    for (let i = 1; i < states.length; i++) {
      expect(store.redo()).toBe(true);
      expect(store.getState().graph).toEqual(states[i]);
    }
    expect(store.redo()).toBe(false);
  });

  it('leaves the previous document untouched (immutability)', () => {
    const store = createDocStore(chain());
    const before = store.getState().graph;
    const snapshot = JSON.stringify(before);
    store.update((g) => setParam(g, 'emb', 'dModel', 128));
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(store.getState().graph).not.toBe(before);
    expect(store.getState().graph.nodes.find((n) => n.id === 'emb')!.params.dModel).toBe(128);
  });

  it('merges a typing burst into one undo step, but not after a pause or a different field', () => {
    const c = clock();
    const store = createDocStore(chain(), { now: c.now });
    for (const v of [1, 12, 128]) {
      store.update((g) => setParam(g, 'emb', 'dModel', v), { merge: 'emb.dModel' });
      c.advance(200);
    }
    expect(store.historySize()).toBe(1);
    c.advance(200);
    store.update((g) => setParam(g, 'emb', 'vocabSize', 10), { merge: 'emb.vocabSize' });
    expect(store.historySize()).toBe(2);
    c.advance(10_000);
    store.update((g) => setParam(g, 'emb', 'vocabSize', 11), { merge: 'emb.vocabSize' });
    expect(store.historySize()).toBe(3);

    store.undo();
    store.undo();
    store.undo();
    expect(store.getState().graph.nodes.find((n) => n.id === 'emb')!.params.dModel).toBe(32);
  });

  it('seals a burst so the next edit of the same field is a new step', () => {
    const store = createDocStore(chain());
    store.update((g) => setParam(g, 'emb', 'dModel', 1), { merge: 'k' });
    store.sealHistory();
    store.update((g) => setParam(g, 'emb', 'dModel', 2), { merge: 'k' });
    expect(store.historySize()).toBe(2);
  });

  it('keeps at least 200 steps and every one of them undoes', () => {
    const c = clock();
    const store = createDocStore(chain(), { now: c.now });
    const first = store.getState().graph;
    for (let i = 0; i < 250; i++) {
      c.advance(10);
      store.update((g) => moveNodes(g, { emb: { x: i, y: i } }));
    }
    expect(store.historySize()).toBe(250);
    let steps = 0;
    while (store.undo()) steps++;
    expect(steps).toBe(250);
    expect(store.getState().graph).toEqual(first);
  });

  it('drops the oldest steps beyond the limit', () => {
    const store = createDocStore(chain(), { history: { limit: 200, mergeWindowMs: 0 } });
    for (let i = 0; i < 230; i++) store.update((g) => moveNodes(g, { emb: { x: i, y: 0 } }));
    expect(store.historySize()).toBe(200);
    let steps = 0;
    while (store.undo()) steps++;
    expect(steps).toBe(200);
    expect(store.getState().graph.nodes.find((n) => n.id === 'emb')!.position.x).toBe(29);
  });

  it('a new edit clears the redo stack', () => {
    const store = createDocStore(chain());
    store.update((g) => setParam(g, 'emb', 'dModel', 8));
    store.undo();
    expect(store.getState().canRedo).toBe(true);
    store.update((g) => setParam(g, 'emb', 'dModel', 9));
    expect(store.getState().canRedo).toBe(false);
    expect(store.redo()).toBe(false);
  });

  it('an update that changes nothing records nothing', () => {
    const store = createDocStore(chain());
    expect(store.update(() => {})).toBe(false);
    expect(store.update((g) => setParam(g, 'emb', 'dModel', 32))).toBe(false);
    expect(store.historySize()).toBe(0);
  });

  it('tracks dirty against the last loaded or saved version, through undo and redo', () => {
    const store = createDocStore(chain());
    expect(store.getState().dirty).toBe(false);
    store.update((g) => setParam(g, 'emb', 'dModel', 8));
    expect(store.getState().dirty).toBe(true);
    store.undo();
    expect(store.getState().dirty).toBe(false);
    store.redo();
    expect(store.getState().dirty).toBe(true);
    store.markSaved();
    expect(store.getState().dirty).toBe(false);
    store.undo();
    expect(store.getState().dirty).toBe(true);
  });

  it('replaceGraph swaps the document as one undoable step and counts as saved', () => {
    const store = createDocStore(chain());
    store.update((g) => setParam(g, 'emb', 'dModel', 8));
    const edited = store.getState().graph;
    const other = emptyGraph('other');
    store.replaceGraph(other);
    expect(store.getState().graph).toEqual(other);
    expect(store.getState().dirty).toBe(false);
    expect(store.getState().loadCount).toBe(1);
    store.undo();
    expect(store.getState().graph).toEqual(edited);
    expect(store.getState().dirty).toBe(true);

    store.replaceGraph(chain(), { resetHistory: true });
    expect(store.getState().canUndo).toBe(false);
    expect(store.getState().dirty).toBe(false);
  });

  it('drops selection and closes groups that an edit or an undo removed', () => {
    const store = createDocStore(chain());
    store.update((g) => void addNode(g, { type: 'group', id: 'grp', position: { x: 0, y: 0 } }));
    store.setScope(['grp']);
    store.setSelection({ nodes: ['emb', 'corpus'], edges: ['corpus.tokens->emb.tokens'] });
    store.update((g) => removeNodes(g, ['emb']));
    expect(store.getState().selection).toEqual({ nodes: ['corpus'], edges: [] });
    expect(store.getState().scope).toEqual(['grp']);
    store.undo(); // removal undone
    store.undo(); // group creation undone
    expect(store.getState().scope).toEqual([]);
  });

  it('notifies subscribers and stops after unsubscribe', () => {
    const store = createDocStore(chain());
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.update((g) => setParam(g, 'emb', 'dModel', 8));
    store.setSelection({ nodes: ['emb'], edges: [] });
    store.setSelection({ nodes: ['emb'], edges: [] }); // unchanged: no call
    off();
    store.undo();
    expect(calls).toBe(2);
  });

  it('builds documents that validate', () => {
    expect(validateGraph(chain())).toEqual([]);
  });
});
