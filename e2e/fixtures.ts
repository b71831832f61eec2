// Small graph documents the tests start from.
import type { Graph, GraphNode } from '../src/graph/schema';

const node = (id: string, type: string, x: number, y: number, params: Record<string, unknown> = {}): GraphNode => ({ id, type, params, position: { x, y } });
const edge = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}.${sourcePort}->${target}.${targetPort}`, source, sourcePort, target, targetPort });

export const training = { optimizer: 'adam' as const, learningRate: 1e-3, beta1: 0.9, beta2: 0.999, weightDecay: 0, clipNorm: 1, steps: 500, seed: 1, reportEvery: 10, validateEvery: 50 };

/** corpus → embedding → attention + residual-norm → dense. */
export function attentionBlock(): Graph {
  return {
    format: 'tensorloom-graph',
    version: 1,
    name: 'Attention block',
    training,
    nodes: [
      node('corpus', 'text-corpus', 0, 100),
      node('emb', 'embedding', 300, 100, { vocabSize: 65, dModel: 64 }),
      node('mha', 'multi-head-attention', 600, 0, { heads: 4, causal: true }),
      node('rn', 'residual-norm', 900, 100),
      node('head', 'dense', 1200, 100, { units: 32 }),
    ],
    edges: [
      edge('corpus', 'tokens', 'emb', 'tokens'),
      edge('emb', 'y', 'mha', 'q'),
      edge('emb', 'y', 'rn', 'x'),
      edge('mha', 'y', 'rn', 'fx'),
      edge('rn', 'y', 'head', 'x'),
    ],
  };
}

/** A long chain of n nodes (for the drag benchmark and large-graph checks). */
export function bigChain(n: number): Graph {
  const nodes: GraphNode[] = [node('corpus', 'text-corpus', 0, 0), node('emb', 'embedding', 300, 0, { dModel: 32 })];
  const edges = [edge('corpus', 'tokens', 'emb', 'tokens')];
  let prev = 'emb';
  for (let i = 0; i < n - 2; i++) {
    const id = `d${i}`;
    nodes.push(node(id, i % 3 === 0 ? 'layer-norm' : 'dense', 600 + (i % 20) * 300, Math.floor(i / 20) * 260, i % 3 === 0 ? {} : { units: 32, activation: 'relu' }));
    edges.push(edge(prev, 'y', id, 'x'));
    prev = id;
  }
  return { format: 'tensorloom-graph', version: 1, name: `Chain of ${n}`, training, nodes, edges };
}
