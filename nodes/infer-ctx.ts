// Builds the InferCtx a node's infer()/weights() receive, and runs them with errors tied to
// the node and port.
import { NodeError, portsOf, type Dim, type InferCtx, type NodeDef, type ParamValues, type TensorInfo, type WeightSpec } from './api';

export function makeInferCtx<P extends ParamValues>(
  def: NodeDef<P>,
  nodeId: string,
  params: P,
  inputs: Record<string, TensorInfo | undefined>,
): InferCtx<P> {
  const fail = (port: string | undefined, detail: string): never => {
    throw new NodeError(nodeId, def.type, port, detail);
  };
  return {
    nodeId,
    type: def.type,
    params,
    input: (port) => inputs[port],
    need: (port) => inputs[port] ?? fail(port, `input ${port} is not connected`),
    fail,
    rank(port, info, rank, what) {
      const r = info.shape.length;
      const [lo, hi] = Array.isArray(rank) ? rank : [rank, rank];
      if (r < lo || r > hi)
        fail(port, `input ${port} must have rank ${lo === hi ? lo : `${lo}–${hi}`} [${what}], got shape ${fmtShape(info.shape)}`);
    },
    known(port, info, axis, label) {
      const ax = axis < 0 ? info.shape.length + axis : axis;
      const d = info.shape[ax];
      if (typeof d !== 'number') return fail(port, `input ${port} needs a known ${label} to size its weights, got ${label}=${String(d)}`);
      return d;
    },
    same(port, got, other, want, label) {
      if (!dimsAgree(got, want)) fail(port, `input ${port} has ${label}=${got} but ${other} expects ${label}=${want}`);
    },
  };
}

/** Symbolic sizes agree with anything (they are only known at run time). */
export function dimsAgree(a: Dim, b: Dim): boolean {
  return typeof a !== 'number' || typeof b !== 'number' || a === b;
}

export function fmtShape(shape: readonly Dim[]): string {
  return `[${shape.join(', ')}]`;
}

/** Runs infer (and weights) after checking required inputs are present. */
export function inferNode<P extends ParamValues>(
  def: NodeDef<P>,
  nodeId: string,
  params: P,
  inputs: Record<string, TensorInfo | undefined>,
): { outputs: Record<string, TensorInfo>; weights: Record<string, WeightSpec> } {
  const ctx = makeInferCtx(def, nodeId, params, inputs);
  for (const port of portsOf(def, params).inputs) {
    if (!port.optional && !port.feedback && !inputs[port.name]) ctx.fail(port.name, `required input ${port.name} is not connected`);
  }
  const outputs = def.infer(ctx);
  const weights = def.weights ? def.weights(ctx) : {};
  return { outputs, weights };
}
