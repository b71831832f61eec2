import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadGraphText } from '../graph/load';
import type { Graph } from '../graph/schema';
import { Session } from '../runtime/session';
import { docStore } from '../state';
import { openImported } from './actions';
import { BUNDLE_FORMAT, readBundle } from './bundle';
import { bundleFileText, fileStem, graphFileText } from './files';
import { importFile, importLink, importText, type ImportOutcome, type NamedBlob } from './importer';
import { fragmentData, fromBase64Url, graphToFragment, LINK_KEY, toBase64Url } from './link';
import { clearNotice, getNotice, MAX_LINES, problemLines } from './notice';

const templateText = (name: string) => readFileSync(path.resolve(__dirname, `../../templates/${name}.json`), 'utf8');
const gptText = templateText('gpt');
const gpt = (): Graph => {
  const r = loadGraphText(gptText);
  if (!r.ok) throw new Error('gpt template does not load');
  return r.graph;
};
const raw = () => JSON.parse(gptText) as Record<string, any>;

/** The error messages of a refused import (fails the test when it was accepted). */
function refused(o: ImportOutcome): string[] {
  if (o.ok) throw new Error(`expected ${o.what} to be refused`);
  return o.problems.map((p) => p.message);
}

describe('bad input is refused with a message naming what and where', () => {
  it('not JSON, truncated JSON (with its line), an empty file', () => {
    expect(refused(importText('hello', 'x'))[0]).toMatch(/^not valid JSON/);
    const cut = importText(JSON.stringify(raw(), null, 2).slice(0, 500), 'x');
    expect(refused(cut)[0]).toMatch(/^not valid JSON \(line \d+, column \d+\)/);
    expect(!cut.ok && cut.problems[0].line).toBeGreaterThan(1);
    expect(refused(importText('  \n', 'x'))[0]).toBe('the file is empty: expected graph JSON');
  });

  it('the wrong format, a missing format, a newer version', () => {
    expect(refused(importText(JSON.stringify({ ...raw(), format: 'comfyui-workflow' }), 'x'))[0]).toBe(
      'not a TensorLoom graph: "format" is "comfyui-workflow", expected "tensorloom-graph"',
    );
    expect(refused(importText('{"nodes": []}', 'x'))[0]).toMatch(/has no "format" field/);
    expect(refused(importText(JSON.stringify({ ...raw(), version: 9 }), 'x'))[0]).toMatch(/format version 9, newer than this TensorLoom reads \(version 1\)/);
    expect(refused(importText(JSON.stringify({ ...raw(), version: undefined }), 'x'))[0]).toMatch(/no "version" field/);
  });

  it('an unknown node type (with a suggestion) and a dangling edge', () => {
    const g = raw();
    g.nodes.find((n: any) => n.id === 'ff').type = 'feedforward';
    expect(refused(importText(JSON.stringify(g), 'x'))).toContain('node "ff" has unknown type "feedforward" (did you mean "feed-forward"?)');
    const h = raw();
    h.edges.push({ source: 'ghost', sourcePort: 'y', target: 'head', targetPort: 'x' });
    expect(refused(importText(JSON.stringify(h), 'x'))).toContain('edge ghost.y → head.x is dangling: source "ghost" does not exist');
  });

  it('absurd sizes: d_model 10⁹ is out of range and named on its node', () => {
    const g = raw();
    g.nodes.find((n: any) => n.id === 'emb').params.dModel = 1e9;
    const o = importText(JSON.stringify(g), 'x');
    expect(refused(o)).toContain('embedding "emb": param dModel must be between 1 and 65536, got 1000000000');
    expect(!o.ok && o.problems[0].nodeId).toBe('emb');
  });

  it('__proto__ and constructor keys anywhere', () => {
    const text = gptText.replace('"params": { "corpus"', '"params": { "__proto__": { "polluted": true }, "corpus"');
    expect(text).not.toBe(gptText);
    expect(refused(importText(text, 'x'))[0]).toBe('forbidden key "__proto__" at nodes[0].params');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const c = raw();
    c.training = { constructor: { prototype: {} } };
    expect(refused(importText(JSON.stringify(c), 'x'))[0]).toBe('forbidden key "constructor" at training');
  });

  it('a 50 MB file is refused from its size, before it is read', async () => {
    const text = vi.fn(async () => '');
    const huge: NamedBlob = { name: 'huge.json', size: 50 * 1024 * 1024, slice: () => new Blob(['{"format": "tensorloom-graph", "version": 1, "nodes": [']), text };
    const o = await importFile(huge, 'dropped');
    expect(o.what).toBe('the dropped file “huge.json”');
    expect(refused(o)).toEqual(['the file is 50.0 MB; graph files are limited to 20.0 MB']);
    expect(text).not.toHaveBeenCalled();
    // The same text given directly (pasted) is refused by the loader's own limit.
    expect(refused(importText('"' + 'x'.repeat(50 * 1024 * 1024) + '"', 'the pasted text'))[0]).toBe('the file is 50.0 MB; graph files are limited to 20 MB');
  });

  it('an older version migrates, with a note', () => {
    const v0 = {
      format: 'tensorloom-graph',
      version: 0,
      name: 'old',
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
      train: { learningRate: 0.01 },
    };
    const o = importText(JSON.stringify(v0), 'the file “old.json”');
    if (!o.ok) throw new Error(o.problems.map((p) => p.message).join('; '));
    expect(o.graph.version).toBe(1);
    expect(o.graph.edges).toHaveLength(3);
    expect(o.graph.edges[0]).toMatchObject({ source: 'data', sourcePort: 'x', target: 'fit', targetPort: 'x' });
    expect(o.graph.training.learningRate).toBe(0.01);
    expect(o.warnings.map((p) => p.message)).toEqual(['migrated from version 0 to 1']);
  });
});

describe('links', () => {
  it('round-trip the graph through the compressed fragment', async () => {
    const g = gpt();
    const frag = await graphToFragment(g);
    expect(frag.startsWith(`${LINK_KEY}=`)).toBe(true);
    expect(frag).toMatch(/^graph=[A-Za-z0-9_-]+$/);
    // Compression matters: the link is far shorter than the JSON.
    expect(frag.length).toBeLessThan(JSON.stringify(g).length / 2);
    const data = fragmentData(`#${frag}`)!;
    const o = await importLink(data);
    if (!o.ok) throw new Error(o.problems[0].message);
    expect(o.graph).toEqual(g);
    expect(o.what).toBe('the link');
  });

  it('base64url round-trips every byte value', () => {
    const bytes = Uint8Array.from({ length: 600 }, (_, i) => (i * 37) % 256);
    for (const n of [0, 1, 2, 3, 599, 600]) expect(fromBase64Url(toBase64Url(bytes.subarray(0, n)))).toEqual(bytes.subarray(0, n));
  });

  it('a link cut off anywhere is refused as damaged, never opened', async () => {
    const data = fragmentData(`#${await graphToFragment(gpt())}`)!;
    for (const keep of [1, 5, 17, Math.floor(data.length / 3), Math.floor(data.length / 2), data.length - 3, data.length - 1]) {
      const msg = refused(await importLink(data.slice(0, keep)))[0];
      expect(msg).toMatch(/^the link (is damaged|is damaged or cut off|is damaged or incomplete|data has a length no base64url text can have)/);
    }
  });

  it('names a character that is not base64url, and an empty link', async () => {
    expect(refused(await importLink('abc$def'))[0]).toBe('the link holds the character "$" at position 4 of its data, which base64url never uses');
    expect(refused(await importLink(''))[0]).toBe('the link has "#graph=" but no data after it');
    expect(fragmentData('#other=1')).toBeUndefined();
    expect(fragmentData('#graph=abc&x=1')).toBe('abc');
  });

  it('stops a link that would expand beyond the graph size limit', async () => {
    const cs = new CompressionStream('deflate-raw');
    const writer = cs.writable.getWriter();
    void writer.write(new Uint8Array(30 * 1024 * 1024).fill(32));
    void writer.close();
    const bytes = new Uint8Array(await new Response(cs.readable).arrayBuffer());
    expect(bytes.length).toBeLessThan(100_000);
    expect(refused(await importLink(toBase64Url(bytes)))[0]).toBe('the link expands to more than 20 MB, beyond the graph file limit');
  });

  it('a link to text that is not a graph says what it is', async () => {
    const cs = new CompressionStream('deflate-raw');
    const writer = cs.writable.getWriter();
    void writer.write(new TextEncoder().encode('{"format": "tensorloom-graph", "version": 1, "nodes": [{"id": "a"'));
    void writer.close();
    const bytes = new Uint8Array(await new Response(cs.readable).arrayBuffer());
    expect(refused(await importLink(toBase64Url(bytes)))[0]).toMatch(/^the link is damaged or incomplete: not valid JSON/);
  });
});

describe('files', () => {
  it('names files after the graph', () => {
    expect(fileStem('GPT (character level)')).toBe('gpt-character-level');
    expect(fileStem('Encoder–decoder transformer (reverse)')).toBe('encoder-decoder-transformer-reverse');
    expect(fileStem('Café ✨')).toBe('cafe');
    expect(fileStem('***')).toBe('graph');
  });

  it('an exported graph file imports back to the same graph', async () => {
    const g = gpt();
    const o = await importFile(new File([graphFileText(g)], 'gpt.json'));
    if (!o.ok) throw new Error(o.problems[0].message);
    expect(o.graph).toEqual(g);
    expect(o.weights).toBeUndefined();
    expect(o.what).toBe('the file “gpt.json”');
  });
});

describe('graph + weights files', () => {
  let graph: Graph;
  let text: string;
  beforeAll(async () => {
    const r = loadGraphText(templateText('bayesian-mlp'));
    if (!r.ok) throw new Error('bayesian-mlp template does not load');
    graph = r.graph;
    const s = await Session.create(graph, { backend: 'cpu' });
    await s.train(3, { reportEvery: 3, validateEvery: 0 });
    text = bundleFileText(graph, await s.saveWeights());
    s.dispose();
  });

  it('round-trip: the graph and every weight come back', async () => {
    expect(text.startsWith(`{"format":"${BUNDLE_FORMAT}"`)).toBe(true);
    const o = await importFile(new File([text], 'bayes.with-weights.json'));
    if (!o.ok) throw new Error(o.problems[0].message);
    expect(o.graph).toEqual(graph);
    expect(o.weights!.step).toBe(3);
    expect(Object.keys(o.weights!.weights)).toContain('w1/mu');
  });

  it('weights that do not fit the graph are refused, naming the node and weight', () => {
    const b = JSON.parse(text);
    b.weights.weights['w2/mu'].shape = [16, 15];
    expect(refused(importText(JSON.stringify(b), 'x'))).toContain('weights: node "w2" weight mu: the file has shape [16, 15] but the graph expects [16, 16]');
    const c = JSON.parse(text);
    delete c.weights.weights['out/bias'];
    expect(refused(importText(JSON.stringify(c), 'x'))).toContain('weights: node "out" weight bias ("out/bias") is missing from the file');
  });

  it('a bad graph inside, a newer bundle version, missing parts', () => {
    const b = JSON.parse(text);
    b.graph.nodes[0].type = 'toy2d';
    expect(refused(importText(JSON.stringify(b), 'x'))[0]).toMatch(/^graph: node "sine" has unknown type "toy2d"/);
    expect(refused(importText(JSON.stringify({ ...JSON.parse(text), version: 2 }), 'x'))[0]).toMatch(/version 2, newer than this TensorLoom reads/);
    expect(refused(readBundle({ format: BUNDLE_FORMAT, version: 1, graph: JSON.parse(text).graph }) as ImportOutcome)[0]).toBe('the graph + weights file has no "weights"');
    expect(refused(importText(text.slice(0, 300), 'x'))[0]).toMatch(/^not valid JSON/);
    const proto = text.replace('"weights":{"w1/mu"', '"weights":{"__proto__":{"x":1},"w1/mu"');
    expect(proto).not.toBe(text);
    expect(refused(importText(proto, 'x'))[0]).toBe('forbidden key "__proto__" at weights.weights');
  });
});

describe('opening an import in the editor', () => {
  afterEach(() => {
    clearNotice();
    vi.unstubAllGlobals();
  });

  it('a refused import leaves the open graph exactly as it was and lists every problem', async () => {
    docStore.replaceGraph(gpt(), { resetHistory: true });
    const before = docStore.getState();
    const g = raw();
    g.nodes.find((n: any) => n.id === 'ff').type = 'feedforward';
    g.edges.push({ source: 'ghost', sourcePort: 'y', target: 'head', targetPort: 'x' });
    expect(await openImported(importText(JSON.stringify(g), 'the file “bad.json”'))).toBe(false);
    const after = docStore.getState();
    expect(after.graph).toBe(before.graph);
    expect(after.loadCount).toBe(before.loadCount);
    expect(docStore.historySize()).toBe(0);
    const n = getNotice()!;
    expect(n.kind).toBe('error');
    expect(n.title).toBe('Could not open the file “bad.json” — the open graph is unchanged');
    expect(n.lines).toEqual(expect.arrayContaining(['node "ff" has unknown type "feedforward" (did you mean "feed-forward"?)']));
    expect(n.lines.some((l) => l.includes('dangling'))).toBe(true);
  });

  it('asks before replacing unsaved work; "no" keeps it', async () => {
    docStore.replaceGraph(gpt(), { resetHistory: true });
    docStore.update((d) => void (d.name = 'my edits'));
    expect(docStore.getState().dirty).toBe(true);
    const confirm = vi.fn(() => false);
    vi.stubGlobal('window', { confirm });
    const before = docStore.getState().graph;
    const other = importText(templateText('rnn-seq2seq'), 'the link');
    expect(await openImported(other)).toBe(false);
    expect(confirm).toHaveBeenCalledOnce();
    expect(String((confirm.mock.calls[0] as unknown[])[0])).toMatch(/^Replace “my edits” with “Seq2Seq LSTM \(reverse\)” from the link\?/);
    expect(docStore.getState().graph).toBe(before);
    confirm.mockReturnValue(true);
    expect(await openImported(other)).toBe(true);
    expect(docStore.getState().graph.name).toBe('Seq2Seq LSTM (reverse)');
    expect(docStore.getState().dirty).toBe(false);
    expect(getNotice()!.title).toBe('Opened “Seq2Seq LSTM (reverse)” from the link');
  });

  it('lists at most MAX_LINES problems and counts the rest', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ severity: 'error' as const, message: `p${i}`, line: i + 1 }));
    const lines = problemLines(many);
    expect(lines).toHaveLength(MAX_LINES);
    expect(lines[0]).toBe('line 1: p0');
    expect(lines.at(-1)).toBe(`… and ${30 - MAX_LINES + 1} more problems`);
  });
});
