import { describe, expect, it } from 'vitest';
import { compile } from '../compiler/program';
import { GraphBuilder } from '../graph/builder';
import { emptyGraph } from '../graph/schema';
import { templateGraph, templates, TEMPLATE_ORDER } from './catalog';
import { BOX_W, LABEL_CHARS, layoutDiagram, shortLabel } from './diagram';

describe('template catalog', () => {
  it('lists every template in teaching order, each loading with no problem at all', () => {
    const list = templates();
    expect(list.map((t) => t.id)).toEqual(TEMPLATE_ORDER);
    for (const t of list) {
      expect(t.problems, t.id).toEqual([]);
      expect(t.graph, t.id).toBeDefined();
    }
  });

  it('each has a name and one line on what it teaches', () => {
    for (const t of templates()) {
      expect(t.name.length, t.id).toBeGreaterThan(3);
      expect(t.teaches, t.id).toMatch(/^Teaches /);
      expect(t.teaches, t.id).not.toMatch(/\n/);
      expect(t.teaches.length, t.id).toBeLessThanOrEqual(220);
    }
  });

  it('each compiles, has a loss, and the decoders have a generation path', () => {
    for (const t of templates()) {
      const c = compile(t.graph!);
      if (!c.ok) throw new Error(`${t.id}: ${c.problems.map((p) => p.message).join('; ')}`);
      expect(c.problems.filter((p) => p.severity === 'error'), t.id).toEqual([]);
      expect(c.program.lossTerms.length, t.id).toBeGreaterThan(0);
      const hasDecoder = t.graph!.nodes.some((n) => n.type === 'beam-decoder');
      expect(!!c.program.generation, t.id).toBe(hasDecoder);
    }
    // The linear-attention GPT generates in its recurrent form; the Seq2Seq ones re-run the decoder.
    const gen = (id: string) => {
      const c = compile(templateGraph(id)!);
      return c.ok ? c.program.generation : undefined;
    };
    expect(gen('linear-gpt')!.incremental).toBe(true);
    expect(gen('transformer-seq2seq')!.fixedPorts).toEqual(['src']);
    expect(gen('rnn-attention')!.growPort).toBe('tgtIn');
  });

  it('the RNN templates hand the encoder state to the decoder; the VAE and Bayesian ones use their data sets', () => {
    for (const id of ['rnn-seq2seq', 'rnn-attention']) {
      const g = templateGraph(id)!;
      const into = (port: string) => g.edges.find((e) => e.target === 'decoder' && e.targetPort === port);
      expect(into('h0'), id).toMatchObject({ source: 'encoder', sourcePort: 'h' });
      expect(into('c0'), id).toMatchObject({ source: 'encoder', sourcePort: 'c' });
    }
    const vae = templateGraph('vae-mnist')!;
    expect(vae.nodes.find((n) => n.type === 'image-set')!.params.set).toBe('mnist');
    const bayes = templateGraph('bayesian-mlp')!;
    expect(bayes.edges.filter((e) => e.targetPort === 'kernel').map((e) => e.sourcePort)).toEqual(['w', 'w', 'w']);
    const hand = templateGraph('attention-by-hand')!;
    expect(hand.nodes.filter((n) => n.type === 'attention-head')).toHaveLength(4);
  });

  it('templateGraph hands out a copy: editing it leaves the catalog alone', () => {
    const a = templateGraph('gpt')!;
    a.nodes[0].params.contextLength = 3;
    expect(templateGraph('gpt')!.nodes[0].params.contextLength).toBe(64);
    expect(templateGraph('no-such-template')).toBeUndefined();
  });
});

describe('template diagram', () => {
  it('draws the top level in columns that follow the wires, groups as one box with ×k', () => {
    const g = templateGraph('gpt')!;
    const d = layoutDiagram(g);
    expect(d.boxes.map((b) => b.id).sort()).toEqual(['block', 'ce', 'corpus', 'decoder', 'emb', 'head', 'pos']);
    const box = (id: string) => d.boxes.find((b) => b.id === id)!;
    // Wires read left to right, or on into the next band (a long chain wraps).
    for (const w of d.wires) {
      const [a, b] = [box(w.from), box(w.to)];
      expect(b.x > a.x || b.y >= a.y + a.h, `${w.from}→${w.to}`).toBe(true);
      expect(w.back).toBe(false);
    }
    expect(d.width / d.height).toBeGreaterThan(1.5);
    expect(d.width / d.height).toBeLessThan(6);
    expect(box('block')).toMatchObject({ isGroup: true, repeat: 2, category: 'groups' });
    expect(box('ce').category).toBe('losses');
    expect(box('ce').x).toBe(box('decoder').x);
    expect(box('pos').x).toBeGreaterThan(box('emb').x);
    // Every box lies inside the picture.
    for (const b of d.boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(d.width);
      expect(b.y + b.h).toBeLessThanOrEqual(d.height);
    }
  });

  it('wraps a long chain into bands, so the picture keeps the shape of a card', () => {
    const b = new GraphBuilder('chain').node('t', 'toy-2d');
    let prev = 't.x';
    for (let i = 0; i < 14; i++) {
      b.node(`d${i}`, 'dense', { units: 4 });
      b.edge(prev, `d${i}.x`);
      prev = `d${i}.y`;
    }
    const d = layoutDiagram(b.build());
    const rows = new Set(d.boxes.map((x) => x.y));
    expect(rows.size).toBeGreaterThan(1);
    expect(d.width / d.height).toBeGreaterThan(1.5);
    expect(d.width / d.height).toBeLessThan(6);
    // The wire into the next band returns along the gap below the first band.
    const wrap = d.wires.filter((w) => / L/.test(w.d));
    expect(wrap.length).toBe(rows.size - 1);
  });

  it('uses labels, cut to fit a box', () => {
    const g = new GraphBuilder('labels').node('a', 'dense', {}, { label: 'a very long label for one node' }).node('b', 'dense').build();
    expect(shortLabel(g.nodes[0])).toHaveLength(LABEL_CHARS);
    expect(shortLabel(g.nodes[0]).endsWith('…')).toBe(true);
    expect(shortLabel(g.nodes[1])).toBe('Dense');
  });

  it('draws a loop (state fed back) as a back wire and still places every node', () => {
    const g = new GraphBuilder('loop')
      .node('t', 'text-corpus', { corpus: 'abc', contextLength: 8 })
      .node('e', 'embedding', { vocabSize: 27, dModel: 8 })
      .node('r', 'rnn', { cell: 'simple', units: 8 })
      .edge('t.tokens', 'e.tokens')
      .edge('e.y', 'r.x')
      .edge('r.h', 'r.h0')
      .build();
    const d = layoutDiagram(g);
    expect(d.boxes).toHaveLength(3);
    // A self-loop is not drawn; a two-node cycle gets one back wire.
    expect(d.wires).toHaveLength(2);
    const cyc = layoutDiagram({
      nodes: [...g.nodes, { id: 'd', type: 'dense', params: { units: 8 }, position: { x: 0, y: 0 } }],
      edges: [...g.edges, { source: 'r', sourcePort: 'sequence', target: 'd', targetPort: 'x' }, { source: 'd', sourcePort: 'y', target: 'r', targetPort: 'h0' }],
    });
    expect(cyc.wires.filter((w) => w.back)).toHaveLength(1);
    expect(cyc.wires.find((w) => w.back)!.d).toMatch(/^M[\d.]+,[\d.]+ C/);
  });

  it('an empty graph is an empty picture; unknown types still draw', () => {
    const d = layoutDiagram(emptyGraph());
    expect(d.boxes).toEqual([]);
    expect(d.width).toBeGreaterThanOrEqual(BOX_W);
    const u = layoutDiagram({ nodes: [{ id: 'x', type: 'mystery', params: {}, position: { x: 0, y: 0 } }], edges: [] });
    expect(u.boxes[0]).toMatchObject({ label: 'mystery', category: 'unknown' });
  });
});
