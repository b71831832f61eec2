// The node-definition API: the one contract every file in nodes/ is written against.
// No React and no app code here: the same node files run in the page, a Web Worker,
// Node tests and the CLI. Only tfjs-core is imported.
import { tf } from './tf';

export { tf };

/** A dimension: a known size, or a named symbolic size such as 'B' (batch) or 'T'. */
export type Dim = number | string;
export type Shape = Dim[];

/** What flows along an edge, as far as shape inference is concerned. */
export interface TensorInfo {
  shape: Shape;
  dtype: 'float32' | 'int32';
  /** For token tensors: the number of distinct ids they may hold. */
  vocab?: number;
}

export const float = (shape: Shape): TensorInfo => ({ shape, dtype: 'float32' });
export const int = (shape: Shape, vocab?: number): TensorInfo =>
  vocab === undefined ? { shape, dtype: 'int32' } : { shape, dtype: 'int32', vocab };

/**
 * Port kinds drive which connections are allowed and the colour of handles and edges.
 * tokens: integer ids; tensor: float activations; scalar: a loss or KL term;
 * sequences: generated output of a decoder (inference only).
 */
export type PortKind = 'tokens' | 'tensor' | 'scalar' | 'sequences';

export interface PortSpec {
  name: string;
  kind: PortKind;
  optional?: boolean;
  /**
   * A feedback port may be fed from downstream (e.g. an RNN's final state back into h0):
   * such an edge is not part of the forward order and carries the previous step's value.
   */
  feedback?: boolean;
  description?: string;
}

// ---------- params ----------

export type ParamSpec =
  | { kind: 'int'; default: number; min: number; max: number; label?: string; help?: string }
  | { kind: 'number'; default: number; min: number; max: number; step?: number; label?: string; help?: string }
  | { kind: 'optional-number'; default: null; min: number; max: number; step?: number; label?: string; help?: string }
  | { kind: 'bool'; default: boolean; label?: string; help?: string }
  | { kind: 'select'; options: readonly string[]; default: string; label?: string; help?: string }
  | { kind: 'string'; default: string; maxLength: number; label?: string; help?: string }
  /** A list of positive ints (a weight shape, a reshape target where -1 means "the rest"). */
  | { kind: 'shape'; default: number[]; maxRank: number; maxDim: number; allowInfer?: boolean; label?: string; help?: string };

type Opt = { label?: string; help?: string };

/** Small builders so node files read as a table of params. */
export const p = {
  int: (def: number, min: number, max: number, o: Opt = {}): ParamSpec => ({ kind: 'int', default: def, min, max, ...o }),
  number: (def: number, min: number, max: number, o: Opt & { step?: number } = {}): ParamSpec => ({ kind: 'number', default: def, min, max, ...o }),
  optionalNumber: (min: number, max: number, o: Opt & { step?: number } = {}): ParamSpec => ({ kind: 'optional-number', default: null, min, max, ...o }),
  bool: (def: boolean, o: Opt = {}): ParamSpec => ({ kind: 'bool', default: def, ...o }),
  select: <T extends string>(options: readonly T[], def: T, o: Opt = {}): ParamSpec => ({ kind: 'select', options, default: def, ...o }),
  string: (def: string, maxLength: number, o: Opt = {}): ParamSpec => ({ kind: 'string', default: def, maxLength, ...o }),
  shape: (def: number[], maxRank: number, maxDim: number, o: Opt & { allowInfer?: boolean } = {}): ParamSpec => ({ kind: 'shape', default: def, maxRank, maxDim, ...o }),
};

export type ParamValues = Record<string, unknown>;

// ---------- errors ----------

/** An error found while inferring shapes, tied to a node and (usually) a port. */
export class NodeError extends Error {
  constructor(
    public nodeId: string,
    public nodeType: string,
    public port: string | undefined,
    public detail: string,
  ) {
    super(`${nodeType} "${nodeId}": ${detail}`);
    this.name = 'NodeError';
  }
}

// ---------- shape inference ----------

export interface InferCtx<P> {
  nodeId: string;
  type: string;
  params: P;
  /** Info of a connected input, or undefined when the optional port is not connected. */
  input(port: string): TensorInfo | undefined;
  /** Info of a required input; the framework has already checked it is connected. */
  need(port: string): TensorInfo;
  /** Throw an error naming this node and the port. */
  fail(port: string | undefined, detail: string): never;
  /** Check a rank, e.g. rank('q', 3, 'B,T,D'). */
  rank(port: string, info: TensorInfo, rank: number | [number, number], what: string): void;
  /** A dimension that must be a known number (needed to size weights). */
  known(port: string, info: TensorInfo, axis: number, label: string): number;
  /**
   * Two dimensions that must agree. Message reads
   * `input <port> has <label>=<got> but <other> expects <label>=<want>`.
   */
  same(port: string, got: Dim, other: string, want: Dim, label: string): void;
}

// ---------- weights ----------

export type Init =
  | 'zeros'
  | 'ones'
  | 'glorot' // glorot-uniform over the first two / last dims (fan in, fan out)
  | { normal: number } // std
  | { uniform: [number, number] }
  | { constant: number };

export interface WeightSpec {
  shape: number[];
  init: Init;
  /** false for state kept alongside weights (e.g. a Bayesian prior); default true. */
  trainable?: boolean;
}

// ---------- randomness ----------

/**
 * The one source of randomness for nodes. The runtime seeds it; the conformance runner and
 * tests replace it with fixed noise (`noise.eps` in a reference case).
 */
export interface NoiseSource {
  /** Standard-normal noise of the given shape; `key` names it (e.g. 'eps'). */
  normal(key: string, shape: number[]): tf.Tensor;
  /** Uniform [0,1) noise of the given shape. */
  uniform(key: string, shape: number[]): tf.Tensor;
}

// ---------- forward ----------

/**
 * Per-node state for incremental generation (one new token at a time). All tensors held in
 * it have the batch (beam) as their first axis, so the runtime can reorder beams by gather.
 */
export interface StepCache {
  /** Position of the first new time step in the inputs (tokens seen so far). */
  offset: number;
  get(key: string): tf.Tensor | undefined;
  /** Keeps the tensor beyond the current tidy; the runtime disposes the previous one. */
  set(key: string, t: tf.Tensor): void;
}

export interface ForwardCtx<P> {
  nodeId: string;
  params: P;
  inputs: Record<string, tf.Tensor | undefined>;
  weights: Record<string, tf.Tensor>;
  training: boolean;
  noise: NoiseSource;
  /** Current training step (for warm-up schedules). */
  step: number;
  /** Present only in incremental generation; nodes with `incremental` set use it. */
  cache?: StepCache;
}

// ---------- data sources ----------

export interface Batch {
  [port: string]: tf.Tensor;
}

/** A data set opened by a data-source node for a run. Batches are built on the host. */
export interface DataSource {
  /** Output port → info, used by shape inference. */
  outputs: Record<string, TensorInfo>;
  /** For token data: id → text piece (characters or words). */
  vocab?: string[];
  /** Tokenization used by generation panels and the CLI. */
  encode?(text: string): number[];
  decode?(ids: number[]): string;
  /** Special ids for sequence tasks. */
  bos?: number;
  eos?: number;
  pad?: number;
  /** Separator used between tokens when decoding (''/' '). */
  joiner?: string;
  /** One batch from the training or held-out split; `rand` yields [0,1) values, seeded. */
  batch(split: 'train' | 'val', batchSize: number, rand: () => number): Batch;
  /** Short text for the panel: what the data is. */
  describe: string;
}

export type Category =
  | 'data'
  | 'embedding & position'
  | 'attention'
  | 'layers'
  | 'recurrent'
  | 'variational'
  | 'losses'
  | 'decoding'
  | 'groups';

export interface NodeDef<P extends ParamValues = ParamValues> {
  type: string;
  title: string;
  category: Category;
  /** Short description for the inspector. */
  description: string;
  /** One-line formula, KaTeX source. */
  formula: string;
  params: { [K in keyof P]: ParamSpec };
  inputs: PortSpec[] | ((params: P) => PortSpec[]);
  outputs: PortSpec[] | ((params: P) => PortSpec[]);
  /** Output shapes from input shapes; errors via ctx.fail / ctx.same. */
  infer(ctx: InferCtx<P>): Record<string, TensorInfo>;
  /** Weights this node owns, sized from params and input shapes. */
  weights?(ctx: InferCtx<P>): Record<string, WeightSpec>;
  /** tfjs core ops only; called inside a tidy. Returns every output port it produces. */
  forward(ctx: ForwardCtx<P>): Record<string, tf.Tensor>;
  /** Data-source nodes open their data here; forward then receives the batch as inputs. */
  openData?(params: P): DataSource;
  /** Output ports named here are added to the training objective (loss nodes). */
  lossPorts?: string[];
  /** Only used for generation (e.g. beam-decoder): skipped in training. */
  inferenceOnly?: boolean;
  /**
   * How the node behaves in incremental generation: 'positionwise' nodes work on the new
   * time steps alone; 'stateful' nodes read and write ctx.cache. Absent: the node needs the
   * whole sequence, so generation re-runs the full prefix.
   */
  incremental?: 'positionwise' | 'stateful';
}

/** Declares a node type. Identity at run time; it exists to type-check the declaration. */
export function defineNode<P extends ParamValues>(def: NodeDef<P>): NodeDef<P> {
  return def;
}

export function portsOf<P extends ParamValues>(def: NodeDef<P>, params: P): { inputs: PortSpec[]; outputs: PortSpec[] } {
  return {
    inputs: typeof def.inputs === 'function' ? def.inputs(params) : def.inputs,
    outputs: typeof def.outputs === 'function' ? def.outputs(params) : def.outputs,
  };
}

// ---------- shape checks shared by several node files ----------

/** Input `port` must have exactly the shape of input `other` (no broadcasting), axis by axis. */
export function checkSameShape<P>(ctx: InferCtx<P>, port: string, info: TensorInfo, other: string, want: TensorInfo): void {
  if (info.shape.length !== want.shape.length)
    ctx.fail(port, `input ${port} has shape [${info.shape.join(', ')}] but input ${other} has shape [${want.shape.join(', ')}]; they must have one shape`);
  want.shape.forEach((d, axis) => ctx.same(port, info.shape[axis], `input ${other}`, d, `axis ${axis}`));
}

// ---------- small shared op helpers (used by several node files) ----------

/** x·W over the last axis for any rank ≥ 2 (tfjs matMul wants rank-matched operands). */
export function linear(x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): tf.Tensor {
  const inDim = x.shape[x.shape.length - 1];
  const outDim = w.shape[w.shape.length - 1];
  const lead = x.shape.slice(0, -1);
  const y2 = tf.matMul(tf.reshape(x, [-1, inDim]), w as tf.Tensor2D);
  const y = tf.reshape(y2, [...lead, outDim]);
  return b ? tf.add(y, b) : y;
}

/** Exact (erf) GELU, as NODES.md specifies. */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
}

export type Activation = 'linear' | 'relu' | 'gelu' | 'tanh' | 'sigmoid' | 'softmax';

export function activate(x: tf.Tensor, a: Activation): tf.Tensor {
  switch (a) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'gelu':
      return gelu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'softmax':
      return tf.softmax(x);
  }
}

export const ACTIVATION_TEX: Record<Activation, string> = {
  linear: 'x',
  relu: '\\max(0,x)',
  gelu: 'x\\,\\Phi(x)',
  tanh: '\\tanh x',
  sigmoid: '\\sigma(x)',
  softmax: '\\mathrm{softmax}(x)',
};

/** Layer normalisation over the last axis with a biased variance, as PyTorch computes it. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  const axis = x.shape.length - 1;
  const { mean, variance } = tf.moments(x, axis, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gamma), beta);
}

// ---------- attention nodes (attention-head, multi-head-attention, linear-attention) ----------

/**
 * The large finite negative used for masked attention logits: exp() of it is exactly 0 in
 * float32 after max-subtraction, and it stays finite in half precision (max ≈ 65504), unlike
 * −1e9 (breaks WebGL softmax) or −∞ (NaN in half precision).
 */
export const MASK_NEGATIVE = -3e4;

/**
 * [Tq, Tk] bool, true where query i may see key j. Aligned to the last key: j ≤ i + (Tk − Tq),
 * so the newest query sees every key (the rule that also makes the KV cache exact).
 */
export function causalVisible(tq: number, tk: number): tf.Tensor {
  const lastVisible = tf.reshape(tf.range(tk - tq, tk, 1, 'int32'), [tq, 1]);
  const keyIndex = tf.reshape(tf.range(0, tk, 1, 'int32'), [1, tk]);
  return tf.lessEqual(keyIndex, lastVisible);
}

/** Shape inference of the queries: float activations [B, Tq, D]. */
export function attentionQuery<P>(ctx: InferCtx<P>): TensorInfo {
  const q = ctx.need('q');
  ctx.rank('q', q, 3, 'B, Tq, D');
  if (q.dtype !== 'float32') ctx.fail('q', 'input q must be float activations [B, Tq, D], got integer token ids (put an embedding in front)');
  return q;
}

/**
 * Shape inference of the keys/values: kv when connected (float [B, Tk, D] with the B and D of
 * q), else q itself. Causal attention needs Tk ≥ Tq, or the first queries would see no key.
 */
export function attentionKeys<P extends { causal: boolean }>(ctx: InferCtx<P>, q: TensorInfo): TensorInfo {
  const kv = ctx.input('kv') ?? q;
  if (kv !== q) {
    ctx.rank('kv', kv, 3, 'B, Tk, D');
    if (kv.dtype !== 'float32') ctx.fail('kv', 'input kv must be float activations [B, Tk, D], got integer token ids');
    ctx.same('kv', kv.shape[0], 'input q', q.shape[0], 'B');
    ctx.same('kv', kv.shape[2], 'input q', q.shape[2], 'D');
  }
  const [tq, tk] = [q.shape[1], kv.shape[1]];
  if (ctx.params.causal && typeof tq === 'number' && typeof tk === 'number' && tq > tk)
    ctx.fail('kv', `causal attention needs Tk ≥ Tq (the first queries would see no key), got Tq=${tq} and Tk=${tk}`);
  return kv;
}

/** The weights of one attention head (attention-head, linear-attention): wq, wk, wv [D, dHead]. */
export function headProjections<P extends { dHead: number }>(ctx: InferCtx<P>): Record<string, WeightSpec> {
  const d = ctx.known('q', ctx.need('q'), 2, 'D');
  const shape = [d, ctx.params.dHead];
  return { wq: { shape, init: 'glorot' }, wk: { shape, init: 'glorot' }, wv: { shape, init: 'glorot' } };
}

/** The run-time form of attentionKeys' causal rule, for sizes that were symbolic at inference. */
export function checkCausalSizes(nodeId: string, type: string, tq: number, tk: number): void {
  if (tq > tk) throw new NodeError(nodeId, type, 'kv', `causal attention needs Tk ≥ Tq, got Tq=${tq} and Tk=${tk}`);
}

/**
 * Causal mask of softmax attention logits [..., Tq, Tk], aligned to the last key. where(), not
 * an added bias: masked logits are exactly MASK_NEGATIVE, so their weights are exactly 0 after
 * softmax's max-subtraction and they get no gradient.
 */
export function maskCausalLogits(nodeId: string, type: string, logits: tf.Tensor): tf.Tensor {
  const [tq, tk] = logits.shape.slice(-2);
  checkCausalSizes(nodeId, type, tq, tk);
  return tf.where(causalVisible(tq, tk), logits, MASK_NEGATIVE);
}

/**
 * Self-attention in incremental generation: the new steps' keys or values are appended along
 * the time axis to the ones cached from earlier steps (batch first, so beams can be reordered).
 * At offset 0 any old cache belongs to a previous run and is ignored.
 */
export function appendToCache(
  nodeId: string,
  type: string,
  cache: StepCache,
  name: 'keys' | 'values',
  fresh: tf.Tensor,
  timeAxis: number,
): tf.Tensor {
  const old = cache.offset === 0 ? undefined : cache.get(name);
  if (cache.offset > 0 && (!old || old.shape[timeAxis] !== cache.offset))
    throw new NodeError(nodeId, type, 'q', `the ${name} cache holds ${old ? old.shape[timeAxis] : 0} steps but generation is at step ${cache.offset}`);
  const all = old ? tf.concat([old, fresh], timeAxis) : fresh;
  cache.set(name, all);
  return all;
}
