// Reads graph JSON text: size limit, JSON syntax (with the line of the error), hostile keys
// and depth, format and version, migration, schema, then the graph's own validation.
// Every failure comes back as problems; nothing is thrown and nothing outside is touched.
import { FORBIDDEN_KEYS, LIMITS } from './limits';
import { migrate } from './migrate';
import { error, hasErrors, warning, type Problem } from './problems';
import { GRAPH_FORMAT, GRAPH_VERSION, GraphSchema, type Graph } from './schema';
import { validateGraph } from './validate';

export type LoadResult = { ok: true; graph: Graph; problems: Problem[] } | { ok: false; problems: Problem[] };

const fail = (problems: Problem[]): LoadResult => ({ ok: false, problems });

export function lineOf(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, column: pos - last };
}

/** JSON.parse with its error as a Problem naming the line and column (used for other JSON files too). */
export function parseJsonText(text: string): { value: unknown } | { problem: Problem } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    const msg = (e as Error).message;
    const at = /position (\d+)/.exec(msg);
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const where = lc ? { line: +lc[1], column: +lc[2] } : at ? lineOf(text, +at[1]) : undefined;
    const clean = msg.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
    if (text.trim() === '') return { problem: error('the file is empty: expected graph JSON') };
    return {
      problem: error(`not valid JSON${where ? ` (line ${where.line}, column ${where.column})` : ''}: ${clean}`, where ? { line: where.line } : {}),
    };
  }
}

/** Walks the parsed value once: depth and forbidden keys, with the path where found. */
function checkStructure(v: unknown): Problem | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v, path: '', depth: 0 }];
  while (stack.length) {
    const { v: cur, path, depth } = stack.pop()!;
    if (depth > LIMITS.depth) return error(`the JSON is nested deeper than ${LIMITS.depth} levels at ${path || 'the top'}`);
    if (cur && typeof cur === 'object') {
      if (Array.isArray(cur)) cur.forEach((x, i) => stack.push({ v: x, path: `${path}[${i}]`, depth: depth + 1 }));
      else
        for (const k of Object.keys(cur)) {
          if (FORBIDDEN_KEYS.has(k)) return error(`forbidden key "${k}" at ${path || 'the top level'}`);
          stack.push({ v: (cur as Record<string, unknown>)[k], path: path ? `${path}.${k}` : k, depth: depth + 1 });
        }
    }
  }
  return undefined;
}

/** "nodes.3.params" → `node "attn" (nodes[3]), params` so people find the spot. */
function describePath(raw: Record<string, unknown>, path: PropertyKey[]): { text: string; nodeId?: string } {
  if ((path[0] === 'nodes' || path[0] === 'edges') && typeof path[1] === 'number') {
    const list = raw[path[0]] as Record<string, unknown>[] | undefined;
    const item = list?.[path[1]];
    const rest = path.slice(2).join('.');
    if (path[0] === 'nodes') {
      const nid = typeof item?.id === 'string' ? item.id : undefined;
      return { text: `${nid ? `node "${nid}"` : `node #${path[1] + 1}`}${rest ? ` field ${rest}` : ''}`, nodeId: nid };
    }
    return { text: `edge #${path[1] + 1}${rest ? ` field ${rest}` : ''}` };
  }
  return { text: path.length ? `field ${path.join('.')}` : 'the top level' };
}

export function loadGraphText(text: string): LoadResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > LIMITS.fileBytes)
    return fail([error(`the file is ${(bytes / 1048576).toFixed(1)} MB; graph files are limited to ${LIMITS.fileBytes / 1048576} MB`)]);
  const parsed = parseJsonText(text);
  if ('problem' in parsed) return fail([parsed.problem]);
  return loadGraphValue(parsed.value);
}

export function loadGraphValue(value: unknown): LoadResult {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return fail([error(`not a TensorLoom graph: expected a JSON object with "format": "${GRAPH_FORMAT}"`)]);
  const structural = checkStructure(value);
  if (structural) return fail([structural]);
  let raw = value as Record<string, unknown>;
  if (raw.format === undefined)
    return fail([error(`not a TensorLoom graph: the JSON has no "format" field (expected "format": "${GRAPH_FORMAT}")`)]);
  if (raw.format !== GRAPH_FORMAT)
    return fail([error(`not a TensorLoom graph: "format" is ${JSON.stringify(raw.format)}, expected "${GRAPH_FORMAT}"`)]);
  const v = raw.version;
  if (v === undefined) return fail([error(`the graph has no "version" field (this TensorLoom writes version ${GRAPH_VERSION})`)]);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    return fail([error(`"version" must be a whole number, got ${JSON.stringify(v)}`)]);
  if (v > GRAPH_VERSION)
    return fail([error(`this graph is format version ${v}, newer than this TensorLoom reads (version ${GRAPH_VERSION}); update TensorLoom to open it`)]);
  const problems: Problem[] = [];
  if (v < GRAPH_VERSION) {
    try {
      const m = migrate(raw);
      raw = m.graph;
      problems.push(...m.notes.map((n) => warning(n)));
    } catch (e) {
      return fail([error(`could not migrate from version ${v}: ${(e as Error).message}`)]);
    }
  }
  if (Array.isArray(raw.nodes) && raw.nodes.length > 5000) return fail([error(`the graph has ${raw.nodes.length} nodes; the limit is 5000`)]);
  const res = GraphSchema.safeParse(raw);
  if (!res.success) {
    return fail(
      res.error.issues.slice(0, 50).map((iss) => {
        const where = describePath(raw, iss.path);
        return error(`${where.text}: ${iss.message}`, where.nodeId ? { nodeId: where.nodeId } : {});
      }),
    );
  }
  const graph = res.data;
  problems.push(...validateGraph(graph));
  return hasErrors(problems) ? fail(problems) : { ok: true, graph, problems };
}
