// The graph the app opens on when nothing is autosaved: the tiny GPT template when the
// templates folder has it (picked up at build time; a missing file does not break the
// build), else a small transformer block built here.
import { loadGraphValue } from '../graph/load';
import { emptyGraph, type Graph } from '../graph/schema';
import { parseGraphText } from '../state';
import { addNode, connect } from '../state/ops';

const templates = import.meta.glob('../../templates/*.json', { eager: true, import: 'default' }) as Record<string, unknown>;

/** Template files to try, in order. */
const PREFERRED = ['tiny-gpt.json', 'gpt.json'];

export function templateGraph(file: string): Graph | undefined {
  const raw = templates[`../../templates/${file}`];
  if (raw === undefined) return undefined;
  const strict = loadGraphValue(raw);
  if (strict.ok) return strict.graph;
  // A template with problems still opens; the canvas shows what is wrong.
  const lenient = parseGraphText(JSON.stringify(raw));
  return 'graph' in lenient ? lenient.graph : undefined;
}

/** A one-block character-level transformer: enough to see every shape on the canvas. */
export function builtInGraph(): Graph {
  const g = emptyGraph('Tiny transformer');
  g.description = 'Token embedding, positions, one block of causal self-attention and feed-forward with residual + norm, and a vocabulary head trained with cross-entropy.';
  const at = (x: number, y: number) => ({ x, y });
  addNode(g, { id: 'corpus', type: 'text-corpus', position: at(0, 160), params: { contextLength: 64, batchSize: 16 } });
  addNode(g, { id: 'emb', type: 'embedding', position: at(300, 40), params: { vocabSize: 128, dModel: 64 } });
  addNode(g, { id: 'pos', type: 'positional-encoding', position: at(580, 40) });
  addNode(g, { id: 'attn', type: 'multi-head-attention', position: at(860, 0), params: { heads: 4, causal: true } });
  addNode(g, { id: 'norm1', type: 'residual-norm', position: at(1140, 60) });
  addNode(g, { id: 'ff', type: 'feed-forward', position: at(1420, 0), params: { dHidden: 256, activation: 'gelu' } });
  addNode(g, { id: 'norm2', type: 'residual-norm', position: at(1700, 60) });
  addNode(g, { id: 'head', type: 'dense', position: at(1980, 60), params: { units: 128 } });
  addNode(g, { id: 'loss', type: 'cross-entropy', position: at(2260, 160) });
  const wire = (a: string, ap: string, b: string, bp: string) => connect(g, { node: a, port: ap }, { node: b, port: bp });
  wire('corpus', 'tokens', 'emb', 'tokens');
  wire('emb', 'y', 'pos', 'x');
  wire('pos', 'y', 'attn', 'q');
  wire('pos', 'y', 'norm1', 'x');
  wire('attn', 'y', 'norm1', 'fx');
  wire('norm1', 'y', 'ff', 'x');
  wire('norm1', 'y', 'norm2', 'x');
  wire('ff', 'y', 'norm2', 'fx');
  wire('norm2', 'y', 'head', 'x');
  wire('head', 'y', 'loss', 'logits');
  wire('corpus', 'targets', 'loss', 'targets');
  return g;
}

export function defaultGraph(): Graph {
  for (const file of PREFERRED) {
    const g = templateGraph(file);
    if (g) return g;
  }
  return builtInGraph();
}
