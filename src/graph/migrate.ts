// Migrations from older graph format versions to the current one, run on load. Each step
// takes a plain JSON object of version N and returns version N+1.
import { GRAPH_VERSION } from './schema';

type Json = Record<string, unknown>;

/**
 * Version 0 (the pre-release format) named edges `links` with `from: "node.port"` and
 * `to: "node.port"`, and kept the training settings under `train`.
 */
function v0to1(g: Json): Json {
  const { links, train, ...rest } = g;
  // A version-0 file already written with `edges` keeps them as they are.
  if (links === undefined && Array.isArray(g.edges)) return { ...rest, version: 1, ...(train ? { training: train } : {}) };
  const split = (s: unknown, what: string): [string, string] => {
    if (typeof s !== 'string' || !s.includes('.')) throw new Error(`version 0 link ${what} must look like "node.port", got ${JSON.stringify(s)}`);
    const i = s.lastIndexOf('.');
    return [s.slice(0, i), s.slice(i + 1)];
  };
  const edges = (Array.isArray(links) ? links : []).map((l: Json, i: number) => {
    const [source, sourcePort] = split(l?.from, `${i} "from"`);
    const [target, targetPort] = split(l?.to, `${i} "to"`);
    return { source, sourcePort, target, targetPort };
  });
  return { ...rest, version: 1, edges, ...(train ? { training: train } : {}) };
}

const STEPS: Record<number, (g: Json) => Json> = { 0: v0to1 };

/** Brings a graph object up to GRAPH_VERSION; notes say what changed. */
export function migrate(g: Json): { graph: Json; notes: string[] } {
  let cur = g;
  const notes: string[] = [];
  let v = cur.version as number;
  while (v < GRAPH_VERSION) {
    const step = STEPS[v];
    if (!step) throw new Error(`no migration from version ${v}`);
    cur = step(cur);
    notes.push(`migrated from version ${v} to ${v + 1}`);
    v++;
  }
  return { graph: cur, notes };
}
