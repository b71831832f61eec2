// One file with a graph and its trained weights: `{ format: "tensorloom-bundle", version,
// graph, weights }`. The graph goes through the same loader as any graph file; the weights
// are checked against the graph's compiled weight list, so a file either opens completely
// (graph and every weight) or not at all.
import { compile } from '../compiler/program';
import { FORBIDDEN_KEYS } from '../graph/limits';
import { loadGraphValue } from '../graph/load';
import { error, type Problem } from '../graph/problems';
import type { Graph } from '../graph/schema';
import { decodeWeights, type WeightsFile } from '../runtime/weights-file';

export const BUNDLE_FORMAT = 'tensorloom-bundle';
export const BUNDLE_VERSION = 1;
/** Bytes of a graph + weights file (weights of a large graph run to tens of MB in base64). */
export const BUNDLE_MAX_BYTES = 256 * 1024 * 1024;

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  version: number;
  graph: Graph;
  weights: WeightsFile;
}

export function makeBundle(graph: Graph, weights: WeightsFile): Bundle {
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, graph, weights };
}

/** True when a file's first characters say it is a bundle (the writer puts "format" first). */
export function looksLikeBundle(head: string): boolean {
  return new RegExp(`"format"\\s*:\\s*"${BUNDLE_FORMAT}"`).test(head.slice(0, 4096));
}

/** A key that could touch prototypes, outside the graph (which the graph loader checks). */
function forbiddenKey(b: Record<string, unknown>): string | undefined {
  const stack: [unknown, string, number][] = [[{ ...b, graph: undefined }, '', 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (!v || typeof v !== 'object' || depth > 4) continue;
    for (const k of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(k)) return `forbidden key "${k}" at ${path || 'the top level'}`;
      stack.push([(v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, depth + 1]);
    }
  }
  return undefined;
}

export type BundleResult = { ok: true; graph: Graph; weights: WeightsFile; warnings: Problem[] } | { ok: false; problems: Problem[] };

export function readBundle(value: unknown): BundleResult {
  const fail = (message: string): BundleResult => ({ ok: false, problems: [error(message)] });
  if (!value || typeof value !== 'object' || Array.isArray(value)) return fail(`not a graph + weights file: expected a JSON object with "format": "${BUNDLE_FORMAT}"`);
  const b = value as Record<string, unknown>;
  if (b.format !== BUNDLE_FORMAT) return fail(`not a graph + weights file: "format" is ${JSON.stringify(b.format)}, expected "${BUNDLE_FORMAT}"`);
  const forbidden = forbiddenKey(b);
  if (forbidden) return fail(forbidden);
  if (typeof b.version !== 'number' || !Number.isInteger(b.version)) return fail(`"version" of the graph + weights file must be a whole number, got ${JSON.stringify(b.version)}`);
  if (b.version > BUNDLE_VERSION)
    return fail(`this graph + weights file is version ${b.version}, newer than this TensorLoom reads (version ${BUNDLE_VERSION}); update TensorLoom to open it`);
  if (b.version < 1) return fail(`graph + weights file version ${b.version} is not supported`);
  if (b.graph === undefined) return fail('the graph + weights file has no "graph"');
  if (b.weights === undefined) return fail('the graph + weights file has no "weights"');
  const g = loadGraphValue(b.graph);
  if (!g.ok) return { ok: false, problems: g.problems.map((p) => ({ ...p, message: `graph: ${p.message}` })) };
  const c = compile(g.graph);
  if (!c.ok)
    return {
      ok: false,
      problems: [error('the weights cannot be used: the graph in the file does not compile'), ...c.problems.filter((p) => p.severity === 'error')],
    };
  const w = decodeWeights(b.weights, c.program.weights);
  if (!w.ok) return { ok: false, problems: w.errors.slice(0, 50).map((m) => error(`weights: ${m}`)) };
  return { ok: true, graph: g.graph, weights: b.weights as WeightsFile, warnings: g.problems };
}
