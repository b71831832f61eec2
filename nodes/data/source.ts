// Shared plumbing of the data-source nodes: infer reports the outputs of the opened data set,
// turning a data problem (empty upload, bad TSV line) into an error on the node.
import { p, type Batch, type DataSource, type ForwardCtx, type InferCtx, type ParamSpec, type ParamValues, type TensorInfo } from '../api';

// Params every data-source node has, declared once so their ranges and wording agree.
/** Share of the data held out for validation (the tail; see splitSizes). */
export const valFractionParam: ParamSpec = p.number(0.1, 0.01, 0.5, { step: 0.01, label: 'held-out fraction' });
/** Default batch size; the cap matches the training settings' batch size. */
export const batchSizeParam = (def: number): ParamSpec =>
  p.int(def, 1, 4096, { label: 'batch B', help: 'default batch size; the training settings may override it' });

export function dataOutputs<P extends ParamValues>(ctx: InferCtx<P>, open: (params: P) => DataSource): Record<string, TensorInfo> {
  let data: DataSource;
  try {
    data = open(ctx.params);
  } catch (e) {
    return ctx.fail(undefined, e instanceof Error ? e.message : String(e));
  }
  return data.outputs;
}

/** Sizes of the train and held-out parts of n items: the held-out part is the tail. */
export function splitSizes(n: number, valFraction: number): { train: number; val: number } {
  const val = Math.min(n - 1, Math.max(1, Math.round(n * valFraction)));
  return { train: n - val, val };
}

/** An index into the train part [0, train) or the held-out part [train, n). */
export function sampleIndex(split: 'train' | 'val', sizes: { train: number; val: number }, rand: () => number): number {
  return split === 'train' ? Math.floor(rand() * sizes.train) : sizes.train + Math.floor(rand() * sizes.val);
}

/** A data-source node's forward: the runtime feeds the batch in as its inputs, by port name. */
export function passBatch<P extends ParamValues>(ctx: ForwardCtx<P>): Batch {
  const out: Batch = {};
  for (const [port, t] of Object.entries(ctx.inputs)) if (t) out[port] = t;
  return out;
}
