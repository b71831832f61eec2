// Looking inside a trained graph: statistics and a histogram of every node output after a
// forward pass on held-out data, and the attention maps of every head and layer on one input.
import { tf } from '../../nodes/tf';
import { portKey, type TensorMap } from '../compiler/program';
import { ATTENTION_TYPES, layerOf } from './graph-info';
import { partialForward, sourcePortsOf, withScope } from './partial-forward';
import type { Session } from './session';
import type { AttentionResult, HeatMap, InspectResult, NodeStats, TensorStats } from './worker-protocol';

export const HISTOGRAM_BINS = 24;

/** Shape, moments, range and an equal-width histogram of the finite values. */
export function tensorStats(values: ArrayLike<number>, shape: number[], dtype: string, bins = HISTOGRAM_BINS): TensorStats {
  let count = 0;
  let nonFinite = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) {
      nonFinite++;
      continue;
    }
    // Welford: stable for large activations.
    count++;
    const d = x - mean;
    mean += d / count;
    m2 += d * (x - mean);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const histogram = new Array<number>(count > 0 ? bins : 0).fill(0);
  if (count > 0) {
    const width = max - min;
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (!Number.isFinite(x)) continue;
      const b = width > 0 ? Math.min(bins - 1, Math.floor(((x - min) / width) * bins)) : 0;
      histogram[b]++;
    }
  }
  return {
    shape: [...shape],
    dtype,
    count,
    mean: count ? mean : NaN,
    std: count ? Math.sqrt(m2 / count) : NaN,
    min: count ? min : NaN,
    max: count ? max : NaN,
    nonFinite,
    histogram,
  };
}

/** Runs every node on one held-out batch and summarises each output. */
export function inspectAll(session: Session, batchSize = Math.min(session.batchSize, 16)): InspectResult {
  const program = session.program;
  const feeds = session.makeFeeds('val', batchSize);
  try {
    const nodes = withScope(() => {
      const targets = program.order.filter((n) => !n.def.inferenceOnly).map((n) => ({ nodeId: n.id, port: '' }));
      const values = program.forward(feeds, session.weightsMap, { training: false, noise: session.noiseSource, step: session.step, targets });
      const out: NodeStats[] = [];
      for (const n of program.order) {
        if (n.def.inferenceOnly) continue;
        const outputs: NodeStats['outputs'] = {};
        for (const [key, t] of values) {
          if (!key.startsWith(`${n.id}.`)) continue;
          outputs[key.slice(n.id.length + 1)] = tensorStats(t.dataSync(), t.shape, t.dtype);
        }
        out.push({ nodeId: n.id, docId: n.docId, type: n.type, outputs });
      }
      return out;
    });
    return { step: session.step, nodes };
  } finally {
    for (const t of feeds.values()) t.dispose();
  }
}

/** How a token is shown on a heatmap axis: whitespace made visible. */
export function tokenLabel(piece: string | undefined): string {
  if (piece === undefined) return '?';
  if (piece === ' ') return '␣';
  if (piece === '\n') return '⏎';
  if (piece === '\t') return '⇥';
  return piece;
}

export interface AttentionInput {
  /** Language models: the text whose last tokens are run (empty: a held-out window). */
  text?: string;
  /** Seq2Seq: the source sequence and the decoded target fed after BOS. */
  source?: string;
  target?: string;
}

/** Every attention map (each head of each node, each layer copy) on one input, batch row 0. */
export function attentionMaps(session: Session, input: AttentionInput): AttentionResult {
  const program = session.program;
  const nodes = program.order.filter((n) => ATTENTION_TYPES.has(n.type));
  if (nodes.length === 0) return { tokens: [], maps: [] };
  const feeds = feedsFor(session, input);
  try {
    const labels = new Map<string, string[]>();
    for (const [key, t] of feeds) {
      const ds = session.data.get(key.slice(0, key.lastIndexOf('.')));
      const ids = Array.from(t.dataSync()).slice(0, t.shape[1]);
      labels.set(key, ids.map((id) => tokenLabel(ds?.vocab?.[id])));
    }
    // The tokens along an axis: the fed sequence the input is computed from, of the map's
    // length. An input can depend on several (a decoder RNN started from the encoder's state
    // reads src and tgtIn); then the one the other input does not depend on is its own.
    const fedFrom = (nodeId: string, port: string, length: number) =>
      sourcePortsOf(program, nodeId, port)
        .map((x) => portKey(x.nodeId, x.port))
        .filter((k) => labels.get(k)?.length === length);
    const axes = (nodeId: string, tq: number, tk: number, hasKv: boolean): [string[], string[]] => {
      const q = fedFrom(nodeId, 'q', tq);
      if (!hasKv) {
        const rows = labels.get(q[0]) ?? [];
        return [rows, rows];
      }
      const kv = fedFrom(nodeId, 'kv', tk);
      const qOwn = q.find((k) => !kv.includes(k)) ?? q[0];
      const kvOwn = kv.find((k) => !q.includes(k)) ?? kv.find((k) => k !== qOwn) ?? kv[0];
      return [labels.get(qOwn) ?? [], labels.get(kvOwn) ?? labels.get(qOwn) ?? []];
    };
    const maps = withScope(() => {
      const targets = nodes.map((n) => ({ nodeId: n.id, port: 'weights' }));
      const values = partialForward(program, session.weightsMap, { feeds, targets, noise: session.noiseSource, step: session.step });
      const out: HeatMap[] = [];
      for (const n of nodes) {
        const w = values.get(portKey(n.id, 'weights'));
        if (!w) continue;
        // [B, h, Tq, Tk] or [B, Tq, Tk]: batch row 0, one map per head.
        const shape = w.shape as number[];
        const perHead = shape.length === 4 ? shape[1] : 1;
        const [tq, tk] = shape.slice(-2);
        const data = w.dataSync() as Float32Array;
        const hasKv = (program.incoming.get(n.id) ?? []).some((e) => e.targetPort === 'kv');
        const [rows, cols] = axes(n.id, tq, tk, hasKv);
        for (let h = 0; h < perHead; h++) {
          const start = h * tq * tk;
          out.push({
            nodeId: n.id,
            docId: n.docId,
            layer: layerOf(n.id),
            head: h,
            cross: hasKv && cols !== rows,
            rows: fit(rows, tq),
            cols: fit(cols, tk),
            data: data.slice(start, start + tq * tk),
          });
        }
      }
      return out;
    });
    const first = [...labels.values()][0] ?? [];
    return { tokens: first, maps };
  } finally {
    for (const t of feeds.values()) t.dispose();
  }
}

/** Labels padded or cut to the map's size (a node may see fewer steps than were fed). */
function fit(labels: string[], n: number): string[] {
  if (labels.length === n) return labels;
  if (labels.length > n) return labels.slice(labels.length - n);
  return [...labels, ...Array.from({ length: n - labels.length }, (_, i) => `#${labels.length + i}`)];
}

/** Token feeds for one sequence: the typed text, or a held-out example when it is empty. */
function feedsFor(session: Session, input: AttentionInput): TensorMap {
  const feeds: TensorMap = new Map();
  const path = session.program.generation;
  const ds = path ? session.data.get(path.source.id) : undefined;
  const typed = path && ds?.encode && (input.text?.length || input.source?.length);
  if (!typed) {
    // One held-out example: the first row of a validation batch for every source.
    const all = session.makeFeeds('val', 1);
    for (const [k, t] of all) {
      if (t.dtype === 'int32' && t.rank === 2) feeds.set(k, t);
      else t.dispose();
    }
    return feeds;
  }
  const shapes = session.program.analysis.shapes.get(path.source.id)!.outputs;
  const len = (port: string, d: number) => {
    const x = shapes[port]?.shape[1];
    return typeof x === 'number' ? x : d;
  };
  if (path.fixedPorts.length > 0) {
    const src = ds.encode!(input.source ?? '');
    for (const port of path.fixedPorts) {
      const S = len(port, src.length);
      const row = [...src.slice(0, S), ...new Array(Math.max(0, S - src.length)).fill(ds.pad ?? 0)];
      feeds.set(portKey(path.source.id, port), tf.tensor2d([row], [1, S], 'int32'));
    }
    const T = len(path.growPort, 64);
    const tgt = [ds.bos ?? 0, ...ds.encode!(input.target ?? '')].slice(0, T);
    feeds.set(portKey(path.source.id, path.growPort), tf.tensor2d([tgt], [1, tgt.length], 'int32'));
  } else {
    const T = len(path.growPort, 64);
    let ids = ds.encode!(input.text ?? '').slice(-T);
    if (ids.length === 0) ids = [0];
    feeds.set(portKey(path.source.id, path.growPort), tf.tensor2d([ids], [1, ids.length], 'int32'));
  }
  return feeds;
}
