// Graph JSON, format v1: the document people save, share and load. Unknown keys pass through
// (a newer file keeps its extra data when re-saved); known keys are checked strictly.
import { z } from 'zod';

export const GRAPH_FORMAT = 'tensorloom-graph';
export const GRAPH_VERSION = 1;

const id = z.string().min(1).max(128);

export const PositionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });

export const NodeSchema = z.looseObject({
  id,
  type: z.string().min(1).max(64),
  params: z.record(z.string().max(64), z.unknown()).default({}),
  position: PositionSchema.default({ x: 0, y: 0 }),
  /** The group node this node sits inside; absent at the top level. */
  parent: id.optional(),
  /** Display name (a group's name, or a user label). */
  label: z.string().max(200).optional(),
});

export const EdgeSchema = z.looseObject({
  id: z.string().max(300).optional(),
  source: id,
  sourcePort: z.string().min(1).max(64),
  target: id,
  targetPort: z.string().min(1).max(64),
});

export const TrainingSchema = z.looseObject({
  optimizer: z.enum(['adam', 'sgd']).default('adam'),
  learningRate: z.number().positive().max(10).default(1e-3),
  beta1: z.number().min(0).max(0.999999).default(0.9),
  beta2: z.number().min(0).max(0.99999999).default(0.999),
  weightDecay: z.number().min(0).max(1).default(0),
  /** Global-norm gradient clipping; 0 turns it off. */
  clipNorm: z.number().min(0).max(1e6).default(1),
  /** Overrides the data source's batch size when set. */
  batchSize: z.number().int().min(1).max(4096).optional(),
  steps: z.number().int().min(1).max(10_000_000).default(500),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /** Loss values are read back from the device every this many steps. */
  reportEvery: z.number().int().min(1).max(100_000).default(10),
  validateEvery: z.number().int().min(0).max(1_000_000).default(50),
});

export const GraphSchema = z.looseObject({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  name: z.string().max(200).default('Untitled graph'),
  description: z.string().max(5000).optional(),
  nodes: z.array(NodeSchema).max(5000),
  edges: z.array(EdgeSchema).max(20000),
  training: TrainingSchema.default(TrainingSchema.parse({})),
  viewport: z.looseObject({ x: z.number(), y: z.number(), zoom: z.number() }).optional(),
});

export type GraphNode = z.infer<typeof NodeSchema>;
export type GraphEdge = z.infer<typeof EdgeSchema>;
export type TrainingSettings = z.infer<typeof TrainingSchema>;
export type Graph = z.infer<typeof GraphSchema>;

export function emptyGraph(name = 'Untitled graph'): Graph {
  return GraphSchema.parse({ format: GRAPH_FORMAT, version: GRAPH_VERSION, name, nodes: [], edges: [] });
}

/** Edge id used when a file leaves it out: stable, so history and selection can name it. */
export function edgeId(e: Pick<GraphEdge, 'source' | 'sourcePort' | 'target' | 'targetPort'>): string {
  return `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`;
}
