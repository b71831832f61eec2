// A forward pass that starts part-way through the graph: some outputs are given (a latent z
// for a VAE decoder, an x grid for a regression) and only the nodes between those and the
// targets run. Program.forward always starts at the data sources; probes need more freedom.
import type { NodeDef, NoiseSource } from '../../nodes/api';
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

/** Flat node ids the targets need, not walking past overridden outputs. */
export function neededNodes(program: Program, targets: { nodeId: string }[], overrides: ReadonlySet<string> = new Set()): Set<string> {
  const want = new Set<string>();
  const stack = targets.map((t) => t.nodeId);
  while (stack.length) {
    const id = stack.pop()!;
    if (want.has(id)) continue;
    want.add(id);
    for (const e of program.incoming.get(id) ?? []) {
      if (!e.feedback && !overrides.has(portKey(e.source, e.sourcePort))) stack.push(e.source);
    }
  }
  return want;
}

/** Runs the needed nodes in program order. Call inside tf.tidy; returns every value computed or given. */
export function partialForward(program: Program, vars: Map<string, tf.Tensor>, opts: PartialForwardOptions): TensorMap {
  const overrides = opts.overrides ?? new Map();
  const feeds = opts.feeds ?? new Map();
  const values: TensorMap = new Map(overrides);
  const want = neededNodes(program, opts.targets, new Set(overrides.keys()));
  for (const n of program.order) {
    if (!want.has(n.id) || n.def.inferenceOnly) continue;
    if (n.def.openData) {
      for (const port of Object.keys(program.analysis.shapes.get(n.id)?.outputs ?? {})) {
        const key = portKey(n.id, port);
        const t = overrides.get(key) ?? feeds.get(key);
        if (t) values.set(key, t);
      }
      continue;
    }
    const inputs: Record<string, tf.Tensor | undefined> = {};
    for (const e of program.incoming.get(n.id) ?? []) {
      inputs[e.targetPort] = e.feedback ? feeds.get(portKey(e.target, e.targetPort)) : values.get(portKey(e.source, e.sourcePort));
    }
    const weights: Record<string, tf.Tensor> = {};
    for (const name of Object.keys(program.analysis.shapes.get(n.id)?.weights ?? {})) weights[name] = vars.get(`${n.weightKey}/${name}`)!;
    const out = (n.def as NodeDef).forward({
      nodeId: n.id,
      params: n.params,
      inputs,
      weights,
      training: opts.training ?? false,
      noise: opts.noise,
      step: opts.step,
    });
    for (const [port, t] of Object.entries(out)) {
      const key = portKey(n.id, port);
      if (!overrides.has(key)) values.set(key, t);
    }
  }
  return values;
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
