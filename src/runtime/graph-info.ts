// What a compiled graph offers the panels: its loss terms, data, generation path, attention
// nodes, and whether it is a VAE or a Bayesian net. The panels show only what fits.
import type { Program } from '../compiler/program';
import type { FlatNode } from '../graph/expand';
import { isUpstream } from './partial-forward';
import { mulberry32 } from './random';
import type { Session } from './session';
import type { AttentionNodeInfo, BayesInfo, GenerationInfo, GraphInfo, VaeInfo } from './worker-protocol';

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
export const ATTENTION_TYPES = new Set(['multi-head-attention', 'attention-head']);

/** Labels of the loss terms as Session reports them (a repeated label gets #2, #3…). */
export function lossLabels(program: Program): string[] {
  const seen = new Map<string, number>();
  return program.lossTerms.map((t) => {
    const n = (seen.get(t.label) ?? 0) + 1;
    seen.set(t.label, n);
    return n > 1 ? `${t.label}#${n}` : t.label;
  });
}

/** Tokens (or image rows) one training step consumes, for tokens/s. */
export function tokensPerStep(session: Session): number {
  let n = 0;
  for (const id of session.data.keys()) {
    const shape = session.program.analysis.shapes.get(id)?.outputs;
    const tok = shape?.tokens ?? shape?.tgtIn ?? shape?.images;
    if (tok) n += tok.shape.reduce<number>((a, d) => a * (typeof d === 'number' ? d : session.batchSize), 1);
  }
  return n;
}

/** Layer index of a copy in a repeated group: the last `[i]` of its flat id. */
export function layerOf(flatId: string): number {
  const m = /\[(\d+)\][^[]*$/.exec(flatId);
  return m ? Number(m[1]) : 0;
}

function attentionNodes(program: Program): AttentionNodeInfo[] {
  return program.order
    .filter((n) => ATTENTION_TYPES.has(n.type))
    .map((n) => {
      const edges = program.incoming.get(n.id) ?? [];
      const q = edges.find((e) => e.targetPort === 'q');
      const kv = edges.find((e) => e.targetPort === 'kv');
      const cross = !!kv && !(q && kv.source === q.source && kv.sourcePort === q.sourcePort);
      return {
        nodeId: n.id,
        docId: n.docId,
        type: n.type as AttentionNodeInfo['type'],
        heads: n.type === 'multi-head-attention' ? num(n.params.heads, 1) : 1,
        cross,
      };
    });
}

function generationInfo(session: Session): GenerationInfo | undefined {
  const path = session.program.generation;
  if (!path) return undefined;
  const ds = session.data.get(path.source.id);
  if (!ds?.encode || !ds.decode || !ds.vocab) return undefined;
  const shapes = session.program.analysis.shapes.get(path.source.id)?.outputs ?? {};
  const dp = path.decoderParams;
  const seq2seq = path.fixedPorts.length > 0;
  const examples: string[] = [];
  try {
    const batch = ds.batch('val', 4, mulberry32(7));
    const port = seq2seq ? path.fixedPorts[0] : path.growPort;
    const t = batch[port];
    const rows = t.arraySync() as number[][];
    for (const row of rows) {
      const text = seq2seq ? ds.decode(row) : ds.decode(row.slice(0, Math.min(row.length, 12)));
      if (text && !examples.includes(text)) examples.push(text);
    }
    for (const x of Object.values(batch)) x.dispose();
  } catch {
    // examples are a convenience; a source that cannot give a held-out batch just has none
  }
  return {
    seq2seq,
    incremental: path.incremental,
    context: num(shapes[path.growPort]?.shape[1], 64),
    vocabSize: ds.vocab.length,
    beamWidth: num(dp.beamWidth, 1),
    maxLength: num(dp.maxLength, 100),
    sampling: dp.sampling === 'temperature' ? 'temperature' : 'off',
    temperature: num(dp.temperature, 1),
    topK: num(dp.topK, 0),
    examples,
  };
}

/** A loss (mse/bce) whose prediction depends on `from` and whose target comes from a data source. */
export function reconstructionLoss(program: Program, from: string): FlatNode | undefined {
  return program.order.find((n) => {
    if (n.type !== 'mse' && n.type !== 'bce') return false;
    const target = (program.incoming.get(n.id) ?? []).find((e) => e.targetPort === 'target');
    return !!target && !!program.byId.get(target.source)?.def.openData && isUpstream(program, from, n.id, 'prediction');
  });
}

function vaeInfo(program: Program): VaeInfo | undefined {
  const sampler = program.order.find((n) => n.type === 'gaussian-sampler');
  if (!sampler) return undefined;
  const loss = reconstructionLoss(program, sampler.id);
  if (!loss) return undefined;
  const z = program.analysis.shapes.get(sampler.id)?.outputs.z?.shape ?? [];
  const latent = z[z.length - 1];
  if (typeof latent !== 'number') return undefined;
  const pred = program.analysis.shapes.get(loss.id)?.inputs.prediction?.shape ?? [];
  const p = pred[pred.length - 1];
  const side = typeof p === 'number' && Number.isInteger(Math.sqrt(p)) ? Math.sqrt(p) : 0;
  return { samplerId: sampler.id, latent, side };
}

function bayesInfo(program: Program): BayesInfo | undefined {
  const weightNodes = program.order.filter((n) => n.type === 'gaussian-weights').map((n) => n.id);
  if (weightNodes.length === 0) return undefined;
  // The predictive band is drawn over a 1-D input: a data source with an x of width 1.
  const source = program.sources.find((s) => {
    const x = program.analysis.shapes.get(s.id)?.outputs.x?.shape;
    return x && x.length === 2 && x[1] === 1;
  });
  if (!source) return undefined;
  const loss = program.order.find((n) => (n.type === 'mse' || n.type === 'bce') && isUpstream(program, source.id, n.id, 'prediction'));
  if (!loss) return undefined;
  return { weightNodes, sourceId: source.id, sourceType: source.type };
}

export function graphInfo(session: Session, adopted: number): GraphInfo {
  const p = session.program;
  return {
    ok: true,
    problems: [],
    backend: session.backend,
    step: session.step,
    adopted,
    weightCount: p.weights.length,
    paramCount: p.analysis.totals.params,
    lossLabels: lossLabels(p),
    canTrain: p.lossTerms.length > 0,
    data: p.sources.map((s) => ({ nodeId: s.id, type: s.type, describe: session.data.get(s.id)?.describe ?? '' })),
    batchSize: session.batchSize,
    tokensPerStep: tokensPerStep(session),
    generation: generationInfo(session),
    attention: attentionNodes(p),
    vae: vaeInfo(p),
    bayes: bayesInfo(p),
  };
}

/** The loss node's prediction input, as a target for a partial forward pass. */
export function predictionOf(program: Program, lossId: string): { nodeId: string; port: string } | undefined {
  const e = (program.incoming.get(lossId) ?? []).find((x) => x.targetPort === 'prediction');
  return e ? { nodeId: e.source, port: e.sourcePort } : undefined;
}

