// Graph → Program: the plan the runtime executes. Planning only (order, weights, loss terms,
// generation path); the forward pass calls each node's forward in order with tfjs core ops.
import type { DataSource, NodeDef, NoiseSource, StepCache, WeightSpec } from '../../nodes/api';
import { tf } from '../../nodes/tf';
import { analyze, type Analysis } from '../graph/analyze';
import type { FlatEdge, FlatNode } from '../graph/expand';
import { error, type Problem } from '../graph/problems';
import type { Graph } from '../graph/schema';

export interface WeightDecl {
  /** `<weightKey>/<name>`, e.g. `block[1]/attn/wq`: the name in weight files. */
  key: string;
  nodeId: string;
  name: string;
  spec: WeightSpec;
}

export interface LossTerm {
  nodeId: string;
  port: string;
  /** Shown in charts and logs: the node's label or id, e.g. `ce` or `kl`. */
  label: string;
}

/** How generation drives the graph: which fed port grows one token at a time. */
export interface GenerationPath {
  decoderId: string;
  decoderParams: Record<string, unknown>;
  /** The tensor whose last time step gives next-token logits. */
  logits: { nodeId: string; port: string };
  /** The data source and its token port extended by each generated token. */
  source: FlatNode;
  growPort: string;
  /** Other fed ports of that source the path needs (e.g. `src` for Seq2Seq). */
  fixedPorts: string[];
  /** True when every node on the path can run one new token at a time. */
  incremental: boolean;
  /** Nodes on the path, in order. */
  nodes: FlatNode[];
}

export type TensorMap = Map<string, tf.Tensor>;
export const portKey = (nodeId: string, port: string) => `${nodeId}.${port}`;

export interface ForwardOptions {
  training: boolean;
  noise: NoiseSource;
  step: number;
  /** Only run what these outputs need (default: everything trainable needs, i.e. loss terms). */
  targets?: { nodeId: string; port: string }[];
  /** Incremental generation caches by node id. */
  caches?: Map<string, StepCache>;
  /**
   * Node outputs given instead of computed, by portKey (a latent z for a VAE decoder, an x
   * grid for a regression): nothing upstream of them runs, and they stay as given.
   */
  overrides?: TensorMap;
}

export interface Program {
  graph: Graph;
  analysis: Analysis;
  order: FlatNode[];
  byId: Map<string, FlatNode>;
  incoming: Map<string, FlatEdge[]>;
  weights: WeightDecl[];
  sources: FlatNode[];
  lossTerms: LossTerm[];
  generation?: GenerationPath;
  /**
   * Runs the graph. `feeds` holds data-source outputs and feedback values by portKey; weights
   * come from `vars` by WeightDecl.key. Returns every computed output by portKey. Call inside
   * tf.tidy (or dispose the results).
   */
  forward(feeds: TensorMap, vars: Map<string, tf.Tensor>, opts: ForwardOptions): TensorMap;
  /** Nodes needed to compute the given outputs, in order, not walking past overridden outputs. */
  needed(targets: { nodeId: string; port: string }[], overrides?: ReadonlySet<string>): FlatNode[];
}

export type CompileResult = { ok: true; program: Program; problems: Problem[] } | { ok: false; problems: Problem[]; analysis: Analysis };

export function compile(graph: Graph): CompileResult {
  const analysis = analyze(graph);
  if (!analysis.ok) return { ok: false, problems: analysis.problems, analysis };
  const problems = [...analysis.problems];
  const order = analysis.order;
  const byId = new Map(order.map((n) => [n.id, n]));
  const incoming = new Map<string, FlatEdge[]>();
  for (const e of analysis.flat.edges) {
    if (!incoming.has(e.target)) incoming.set(e.target, []);
    incoming.get(e.target)!.push(e);
  }

  const weights: WeightDecl[] = [];
  const seenKeys = new Set<string>();
  for (const n of order) {
    for (const [name, spec] of Object.entries(analysis.shapes.get(n.id)?.weights ?? {})) {
      const key = `${n.weightKey}/${name}`;
      if (seenKeys.has(key)) continue;
      seenKeys.add(key);
      weights.push({ key, nodeId: n.id, name, spec });
    }
  }

  const sources = order.filter((n) => !!n.def.openData);
  const docLabel = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const lossTerms: LossTerm[] = [];
  for (const n of order)
    for (const port of n.def.lossPorts ?? [])
      lossTerms.push({ nodeId: n.id, port, label: docLabel.get(n.docId) ?? n.id });

  const needed = (targets: { nodeId: string; port: string }[], overrides: ReadonlySet<string> = new Set()): FlatNode[] => {
    const want = new Set<string>();
    const stack = targets.map((t) => t.nodeId);
    while (stack.length) {
      const id = stack.pop()!;
      if (want.has(id)) continue;
      want.add(id);
      for (const e of incoming.get(id) ?? []) if (!e.feedback && !overrides.has(portKey(e.source, e.sourcePort))) stack.push(e.source);
    }
    return order.filter((n) => want.has(n.id));
  };

  const trainingTargets = lossTerms.map((t) => ({ nodeId: t.nodeId, port: t.port }));
  const trainingNodes = needed(trainingTargets);

  const forward = (feeds: TensorMap, vars: Map<string, tf.Tensor>, opts: ForwardOptions): TensorMap => {
    const overrides = opts.overrides ?? new Map<string, tf.Tensor>();
    const values: TensorMap = new Map(overrides);
    const run = opts.targets ? needed(opts.targets, new Set(overrides.keys())) : trainingNodes;
    for (const n of run) {
      if (n.def.inferenceOnly) continue;
      const inputs: Record<string, tf.Tensor | undefined> = {};
      if (n.def.openData) {
        for (const port of Object.keys(analysis.shapes.get(n.id)?.outputs ?? {})) {
          const key = portKey(n.id, port);
          const t = overrides.get(key) ?? feeds.get(key);
          if (t) values.set(key, t);
        }
        continue;
      }
      for (const e of incoming.get(n.id) ?? []) {
        inputs[e.targetPort] = e.feedback ? feeds.get(portKey(e.target, e.targetPort)) : values.get(portKey(e.source, e.sourcePort));
      }
      const w: Record<string, tf.Tensor> = {};
      for (const name of Object.keys(analysis.shapes.get(n.id)?.weights ?? {})) w[name] = vars.get(`${n.weightKey}/${name}`)!;
      const out = (n.def as NodeDef).forward({
        nodeId: n.id,
        params: n.params,
        inputs,
        weights: w,
        training: opts.training,
        noise: opts.noise,
        step: opts.step,
        cache: opts.caches?.get(n.id),
      });
      for (const [port, t] of Object.entries(out)) if (!overrides.has(portKey(n.id, port))) values.set(portKey(n.id, port), t);
    }
    return values;
  };

  const program: Program = { graph, analysis, order, byId, incoming, weights, sources, lossTerms, forward, needed };
  const gen = generationPath(program);
  if ('problem' in gen) problems.push(gen.problem);
  else program.generation = gen.path;
  if (lossTerms.length === 0) problems.push({ severity: 'warning', message: 'the graph has no loss node, so it cannot be trained' });
  return { ok: true, program, problems };
}

/** The generation path of the first beam-decoder, if the graph has one. */
function generationPath(p: Program): { path?: GenerationPath } | { problem: Problem } {
  const dec = p.order.find((n) => n.type === 'beam-decoder');
  if (!dec) return {};
  const e = (p.incoming.get(dec.id) ?? []).find((x) => x.targetPort === 'logits');
  if (!e) return {};
  const nodes = p.needed([{ nodeId: e.source, port: e.sourcePort }]);
  const srcs = nodes.filter((n) => n.def.openData);
  if (srcs.length !== 1)
    return { problem: error(`beam-decoder "${dec.id}": its logits must come from exactly one data source's tokens (found ${srcs.length})`, { nodeId: dec.docId }) };
  const source = srcs[0];
  const used = new Set(
    nodes.flatMap((n) => (p.incoming.get(n.id) ?? []).filter((x) => x.source === source.id).map((x) => x.sourcePort)),
  );
  const growPort = used.has('tgtIn') ? 'tgtIn' : used.has('tokens') ? 'tokens' : undefined;
  if (!growPort)
    return { problem: error(`beam-decoder "${dec.id}": the logits path must read the source's tokens (or tgtIn) to generate`, { nodeId: dec.docId }) };
  const fixedPorts = [...used].filter((x) => x !== growPort);
  // With a fixed input (a Seq2Seq source) the encoder side must not be stepped, so only
  // decoder-only paths whose every node can take one token at a time run incrementally.
  const incremental = fixedPorts.length === 0 && nodes.every((n) => n.def.openData || n.def.incremental !== undefined);
  return {
    path: {
      decoderId: dec.id,
      decoderParams: dec.params,
      logits: { nodeId: e.source, port: e.sourcePort },
      source,
      growPort,
      fixedPorts,
      incremental,
      nodes,
    },
  };
}

export type { DataSource };
