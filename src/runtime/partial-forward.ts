// A forward pass that starts part-way through the graph: some outputs are given (a latent z
// for a VAE decoder, an x grid for a regression) and only the nodes between those and the
// targets run.
import type { NoiseSource } from '../../nodes/api';
import { tf } from '../../nodes/tf';
import { portKey, type Program, type TensorMap } from '../compiler/program';

export interface PartialForwardOptions {
  /** Data-source outputs by portKey (only those the targets need). */
  feeds?: TensorMap;
  /** Node outputs given instead of computed, by portKey; nothing upstream of them runs. */
  overrides?: TensorMap;
  targets: { nodeId: string; port: string }[];
  noise: NoiseSource;
  step: number;
  training?: boolean;
}

/**
 * Runs fn and disposes every tensor it made. Unlike tf.tidy it does not walk the result,
 * which for results holding large typed arrays (maps, images) would visit every element.
 */
export function withScope<T>(fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}

/** Runs only what the targets need, from given feeds and overrides (Program.forward). Call inside a scope. */
export function partialForward(program: Program, vars: Map<string, tf.Tensor>, opts: PartialForwardOptions): TensorMap {
  return program.forward(opts.feeds ?? new Map(), vars, {
    training: opts.training ?? false,
    noise: opts.noise,
    step: opts.step,
    targets: opts.targets,
    overrides: opts.overrides,
  });
}

/**
 * The data-source ports a node input is computed from, following edges upstream
 * (e.g. the `q` of an attention node in a Seq2Seq decoder comes from `tgtIn`).
 */
export function sourcePortsOf(program: Program, nodeId: string, port: string): { nodeId: string; port: string }[] {
  const found: { nodeId: string; port: string }[] = [];
  const seen = new Set<string>();
  const stack = (program.incoming.get(nodeId) ?? []).filter((e) => e.targetPort === port && !e.feedback);
  while (stack.length) {
    const e = stack.pop()!;
    const key = portKey(e.source, e.sourcePort);
    if (seen.has(key)) continue;
    seen.add(key);
    const src = program.byId.get(e.source);
    if (src?.def.openData) {
      found.push({ nodeId: e.source, port: e.sourcePort });
      continue;
    }
    for (const up of program.incoming.get(e.source) ?? []) if (!up.feedback) stack.push(up);
  }
  return found;
}

/** True when `from` (a node) lies upstream of input `port` of `nodeId`. */
export function isUpstream(program: Program, from: string, nodeId: string, port?: string): boolean {
  const seen = new Set<string>();
  const stack = (program.incoming.get(nodeId) ?? []).filter((e) => (port === undefined || e.targetPort === port) && !e.feedback).map((e) => e.source);
  while (stack.length) {
    const id = stack.pop()!;
    if (id === from) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of program.incoming.get(id) ?? []) if (!e.feedback) stack.push(e.source);
  }
  return false;
}
