import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { GraphBuilder } from './builder';
import { loadGraphText, loadGraphValue } from './load';

const gpt = readFileSync(path.resolve(__dirname, '../../templates/gpt.json'), 'utf8');
const messages = (text: string) => {
  const r = loadGraphText(text);
  expect(r.ok).toBe(false);
  return r.problems.map((p) => p.message).join('\n');
};
const base = () => JSON.parse(gpt);

describe('loading graph JSON', () => {
  it('loads the GPT template', () => {
    const r = loadGraphText(gpt);
    expect(r.ok).toBe(true);
  });

  it('reports invalid JSON with its line', () => {
    const r = loadGraphText('{\n  "format": "tensorloom-graph",\n  "version": 1,\n  nodes: []\n}');
    expect(r.ok).toBe(false);
    expect(r.problems[0].message).toMatch(/^not valid JSON/);
    expect(r.problems[0].line).toBe(4);
  });

  it('names the wrong format and a newer version', () => {
    expect(messages('{"format":"comfy","version":1}')).toContain('"format" is "comfy"');
    expect(messages('[1,2]')).toContain('not a TensorLoom graph');
    expect(messages(JSON.stringify({ ...base(), version: 7 }))).toContain('version 7, newer than this TensorLoom reads');
  });

  it('refuses __proto__ keys, deep nesting and oversized files before parsing further', () => {
    expect(messages('{"format":"tensorloom-graph","version":1,"nodes":[{"id":"a","type":"dense","params":{"__proto__":{"x":1}}}],"edges":[]}')).toContain(
      'forbidden key "__proto__" at nodes[0].params',
    );
    const deep = '{"format":"tensorloom-graph","version":1,"nodes":[],"edges":[],"x":' + '['.repeat(100) + ']'.repeat(100) + '}';
    expect(messages(deep)).toContain('nested deeper than');
    expect(messages(' '.repeat(21 * 1024 * 1024))).toContain('limited to 20 MB');
  });

  it('reports every structural problem at once, naming node, port and edge', () => {
    const g = base();
    g.nodes.find((n: { id: string }) => n.id === 'emb').type = 'embeding';
    g.nodes.find((n: { id: string }) => n.id === 'head').params.units = 1e9;
    g.edges.push({ source: 'nowhere', sourcePort: 'y', target: 'ce', targetPort: 'logits' });
    g.edges.push({ source: 'pos', sourcePort: 'y', target: 'ce', targetPort: 'bogus' });
    const text = messages(JSON.stringify(g));
    expect(text).toContain('node "emb" has unknown type "embeding" (did you mean "embedding"?)');
    expect(text).toContain('dense "head": param units must be between 1 and 65536, got 1000000000');
    expect(text).toContain('edge nowhere.y → ce.logits is dangling: source "nowhere" does not exist');
    expect(text).toContain('cross-entropy "ce" has no input port "bogus"');
  });

  it('migrates a version-0 file', () => {
    const v0 = {
      format: 'tensorloom-graph',
      version: 0,
      nodes: [
        { id: 'data', type: 'toy-2d', params: {} },
        { id: 'fit', type: 'dense', params: { units: 1 } },
        { id: 'loss', type: 'mse', params: {} },
      ],
      links: [
        { from: 'data.x', to: 'fit.x' },
        { from: 'fit.y', to: 'loss.prediction' },
        { from: 'data.y', to: 'loss.target' },
      ],
      train: { learningRate: 0.05 },
    };
    const r = loadGraphValue(v0);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.graph.version).toBe(1);
    expect(r.graph.edges).toHaveLength(3);
    expect(r.graph.edges[0]).toMatchObject({ source: 'data', sourcePort: 'x', target: 'fit', targetPort: 'x' });
    expect(r.graph.training.learningRate).toBe(0.05);
    expect(r.problems.map((p) => p.message)).toContain('migrated from version 0 to 1');
    expect(analyze(r.graph).ok).toBe(true);
  });

  it('keeps unknown keys (a newer minor field survives a round trip)', () => {
    const g = { ...base(), futureField: { a: 1 } };
    const r = loadGraphValue(g);
    expect(r.ok && (r.graph as Record<string, unknown>).futureField).toEqual({ a: 1 });
  });
});

describe('analysis', () => {
  it('infers named shapes through groups and counts parameters', () => {
    const r = loadGraphText(gpt);
    if (!r.ok) throw new Error('template does not load');
    const a = analyze(r.graph);
    expect(a.problems).toEqual([]);
    expect(a.docShapes.get('attn')!.outputs.y.shape).toEqual(['B', 64, 64]);
    expect(a.docShapes.get('block')!.outputs.y.shape).toEqual(['B', 64, 64]);
    // The template's vocabulary is exactly the 44 characters of its corpus.
    expect(a.docShapes.get('head')!.outputs.y.shape).toEqual(['B', 64, 44]);
    // emb 44·64 + 2 blocks · (attn 4·(64·64+64) + 2 norms 2·128 + ff 64·256+256+256·64+64) + head 64·44+44
    expect(a.totals.params).toBe(2816 + 2 * (16640 + 256 + 33088) + 2860);
  });

  it('reports a missing input and a width mismatch naming both sizes, without blaming downstream nodes', () => {
    const g = new GraphBuilder('mismatch')
      .node('t', 'text-corpus', { corpus: 'abc', contextLength: 8 })
      .node('e', 'embedding', { vocabSize: 32, dModel: 32 })
      .node('e2', 'embedding', { vocabSize: 32, dModel: 16 })
      .node('rn', 'residual-norm', {})
      .node('d', 'dense', { units: 4 })
      .node('lonely', 'dense', { units: 4 })
      .edge('t.tokens', 'e.tokens').edge('t.tokens', 'e2.tokens').edge('e.y', 'rn.x').edge('e2.y', 'rn.fx').edge('rn.y', 'd.x')
      .build();
    const a = analyze(g);
    const msgs = a.problems.map((p) => `${p.nodeId}: ${p.message}`);
    expect(msgs).toHaveLength(2);
    expect(msgs.find((m) => m.startsWith('rn:'))).toMatch(/input fx has D=16 but .* expects D=32/);
    expect(msgs).toContain('lonely: dense "lonely": required input x is not connected');
  });

  it('refuses a cycle outside a recurrent node but accepts state fed back into an RNN', () => {
    const cyc = new GraphBuilder('cycle')
      .node('a', 'add', {}).node('b', 'activation', {})
      .edge('a.y', 'b.x').edge('b.y', 'a.a')
      .build();
    expect(analyze(cyc).problems.map((p) => p.message).join()).toMatch(/cycle a → b → a/);
    const fb = new GraphBuilder('feedback')
      .node('t', 'text-corpus', { corpus: 'abc', contextLength: 8 })
      .node('e', 'embedding', { vocabSize: 32, dModel: 8 })
      .node('r', 'rnn', { cell: 'simple', units: 8 })
      .edge('t.tokens', 'e.tokens').edge('e.y', 'r.x').edge('r.h', 'r.h0')
      .build();
    const a = analyze(fb);
    expect(a.problems).toEqual([]);
    expect(a.flat.edges.find((e) => e.targetPort === 'h0')!.feedback).toBe(true);
  });
});
