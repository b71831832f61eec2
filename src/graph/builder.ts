// A compact way to write graph documents in code (tests, benchmarks): nodes by id, edges as
// "node.port" → "node.port".
import { GRAPH_FORMAT, GRAPH_VERSION, GraphSchema, type Graph, type GraphNode, type TrainingSettings } from './schema';

export class GraphBuilder {
  private nodes: GraphNode[] = [];
  private edges: Graph['edges'] = [];

  constructor(private name: string) {}

  node(id: string, type: string, params: Record<string, unknown> = {}, extra: { parent?: string; label?: string } = {}): this {
    this.nodes.push({ id, type, params, position: { x: this.nodes.length * 240, y: 0 }, ...extra });
    return this;
  }

  /** edge('emb.y', 'pos.x') */
  edge(from: string, to: string): this {
    const [source, sourcePort] = splitPort(from);
    const [target, targetPort] = splitPort(to);
    this.edges.push({ source, sourcePort, target, targetPort });
    return this;
  }

  build(training: Partial<TrainingSettings> = {}): Graph {
    return GraphSchema.parse({ format: GRAPH_FORMAT, version: GRAPH_VERSION, name: this.name, nodes: this.nodes, edges: this.edges, training });
  }
}

function splitPort(s: string): [string, string] {
  const i = s.lastIndexOf('.');
  if (i <= 0) throw new Error(`expected "node.port", got "${s}"`);
  return [s.slice(0, i), s.slice(i + 1)];
}
