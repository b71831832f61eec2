// The messages between the page and the training worker, both ways. Requests carry an id and
// get exactly one response; events (reports, status, graph info) flow from the worker at any
// time. Everything here is structured-clone friendly: plain objects, arrays, typed arrays.
import type { Graph } from '../graph/schema';
import type { BackendChoice, BackendName } from './backend';
import type { TrainReport } from './session';
import type { WeightsFile } from './weights-file';

export type { TrainReport };

// ---------- what the worker tells about the compiled graph ----------

export interface DataInfo {
  nodeId: string;
  type: string;
  describe: string;
}

export interface AttentionNodeInfo {
  /** Flat node id (group copies are `block[i]/attn`). */
  nodeId: string;
  docId: string;
  type: 'multi-head-attention' | 'attention-head';
  heads: number;
  /** kv is wired from elsewhere: keys/values are not the queries' sequence. */
  cross: boolean;
}

export interface GenerationInfo {
  /** The source has fixed ports (e.g. `src`): type a source sequence instead of a prompt. */
  seq2seq: boolean;
  incremental: boolean;
  /** Tokens the graph was trained on at once. */
  context: number;
  vocabSize: number;
  /** The beam-decoder node's params, as defaults for the panel. */
  beamWidth: number;
  maxLength: number;
  sampling: 'off' | 'temperature';
  temperature: number;
  topK: number;
  /** A few held-out sources (Seq2Seq) or text starts (language models) to try. */
  examples: string[];
}

export interface VaeInfo {
  samplerId: string;
  /** Latent width Z. */
  latent: number;
  /** Side of the square images, or 0 when the reconstruction is not a square image. */
  side: number;
}

export interface BayesInfo {
  /** gaussian-weights nodes (flat ids). */
  weightNodes: string[];
  sourceId: string;
  /** Data-source params that the "new data" action can change. */
  sourceType: string;
}

export interface GraphInfo {
  ok: boolean;
  /** Errors that stop compiling (when !ok), each naming the node. */
  problems: string[];
  backend: BackendName;
  step: number;
  /** Weights kept from the previous session (keys and shapes agreed) and the total. */
  adopted: number;
  weightCount: number;
  paramCount: number;
  lossLabels: string[];
  canTrain: boolean;
  data: DataInfo[];
  batchSize: number;
  tokensPerStep: number;
  generation?: GenerationInfo;
  attention: AttentionNodeInfo[];
  vae?: VaeInfo;
  bayes?: BayesInfo;
}

// ---------- training state ----------

export type TrainState = 'idle' | 'running' | 'paused';

export interface RunInfo {
  /** Step the run started at; it ends at startStep + graph.training.steps. */
  startStep: number;
  target: number;
}

export interface StatusEvent {
  type: 'status';
  state: TrainState;
  step: number;
  run?: RunInfo;
  backend: BackendName;
  /** Why training last stopped, when it was not asked to (NaN/∞, a graph error, a crash). */
  message?: string;
  /** The stop was a NaN/∞ guard: the message names the first bad node. */
  nonFinite?: boolean;
}

// ---------- results of requests ----------

/** One candidate of one beam step, without the token list (rebuild it from parents). */
export interface TreeCandidate {
  token: number;
  text: string;
  parent: number;
  logProb: number;
  kept: boolean;
  finished: boolean;
  /** On the path of the returned best hypothesis. */
  best: boolean;
}

export interface TreeStep {
  step: number;
  candidates: TreeCandidate[];
  /** Candidates considered at this step before trimming to the drawn ones. */
  considered: number;
}

export interface GenerateResultMsg {
  text: string;
  /** The prompt (or BOS) as text, to show before the generated part. */
  promptText: string;
  tokens: string[];
  probability: number;
  logProb: number;
  tree: TreeStep[];
  incremental: boolean;
  ms: number;
}

export interface HeatMap {
  nodeId: string;
  docId: string;
  /** Repeat copy index when the node sits in a repeated group (layer), else 0. */
  layer: number;
  head: number;
  cross: boolean;
  rows: string[];
  cols: string[];
  /** Row-major [rows.length, cols.length]. */
  data: Float32Array;
}

export interface AttentionResult {
  tokens: string[];
  maps: HeatMap[];
}

export interface TensorStats {
  shape: number[];
  dtype: string;
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** NaN or ±∞ values (left out of the statistics). */
  nonFinite: number;
  /** Equal-width bins from min to max. */
  histogram: number[];
}

export interface NodeStats {
  nodeId: string;
  docId: string;
  type: string;
  outputs: Record<string, TensorStats>;
}

export interface InspectResult {
  step: number;
  nodes: NodeStats[];
}

export interface VaeResult {
  side: number;
  latent: number;
  /** Images are row-major side×side values in [0, 1] (clamped). */
  inputs: Float32Array[];
  reconstructions: Float32Array[];
  /** dims × dims grid over [-range, range] in latent dims (dimX, dimY), row-major, y first. */
  traversal: { dims: [number, number]; range: number; size: number; images: Float32Array[] };
  /** From inputs[a] to inputs[b] through the posterior means. */
  interpolation: { from: number; to: number; images: Float32Array[] };
}

export interface BayesResult {
  xs: number[];
  mean: number[];
  std: number[];
  samples: number;
  /** A few individual weight-sample curves, to show the spread. */
  curves: number[][];
  train: { x: number[]; y: number[] };
}

// ---------- requests ----------

export type Request =
  | { type: 'init'; backend: BackendChoice }
  /** fresh: another document was opened, so no weights carry over from the previous graph. */
  | { type: 'setGraph'; graph: Graph; fresh?: boolean }
  | { type: 'setBackend'; backend: BackendChoice }
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'stepOnce' }
  | { type: 'resetWeights' }
  | { type: 'evaluate'; batches?: number }
  | { type: 'saveWeights' }
  | { type: 'loadWeights'; file: unknown }
  | {
      type: 'generate';
      prompt?: string;
      source?: string;
      beamWidth?: number;
      maxLength?: number;
      sampling?: 'off' | 'temperature';
      temperature?: number;
      topK?: number;
      seed?: number;
    }
  | { type: 'attention'; text?: string; source?: string; target?: string }
  | { type: 'inspect' }
  | { type: 'vae'; dims?: [number, number]; range?: number; size?: number }
  | { type: 'bayes'; samples?: number; points?: number }
  | { type: 'posteriorToPrior' };

export type RequestType = Request['type'];

/** What each request resolves to. */
export interface ResultOf {
  /** hardwareWebgl: WebGL runs on a real GPU here (auto picks WebGL only then). */
  init: { backend: BackendName; hardwareWebgl: boolean };
  setGraph: GraphInfo;
  setBackend: GraphInfo;
  start: StatusEvent;
  pause: StatusEvent;
  resume: StatusEvent;
  stop: StatusEvent;
  stepOnce: TrainReport;
  resetWeights: StatusEvent;
  evaluate: Record<string, number>;
  saveWeights: WeightsFile;
  loadWeights: { ok: true; step: number } | { ok: false; errors: string[] };
  generate: GenerateResultMsg;
  attention: AttentionResult;
  inspect: InspectResult;
  vae: VaeResult;
  bayes: BayesResult;
  posteriorToPrior: { nodes: string[] };
}

export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

// ---------- envelopes ----------

export type ToWorker = { id: number; request: Request };

export type WorkerEvent =
  | StatusEvent
  | { type: 'report'; report: TrainReport; run?: RunInfo }
  | { type: 'graph'; info: GraphInfo };

export type FromWorker =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: string; name?: string }
  | { kind: 'event'; event: WorkerEvent };

/** Transferable buffers inside a result (typed arrays), so posting moves them instead of copying. */
export function transferables(value: unknown, out: ArrayBuffer[] = [], seen = new Set<unknown>()): ArrayBuffer[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    const buf = value.buffer;
    if (buf instanceof ArrayBuffer && !out.includes(buf)) out.push(buf);
    return out;
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) transferables(v, out, seen);
  return out;
}
