// The template gallery's contents: every graph JSON in templates/, picked up at build time,
// in a teaching order. A template is one graph file; its name and description (one line on
// what it teaches) are the gallery card's text.
import { loadGraphValue } from '../graph/load';
import type { Problem } from '../graph/problems';
import type { Graph } from '../graph/schema';

const files = import.meta.glob('../../templates/*.json', { eager: true, import: 'default' }) as Record<string, unknown>;

/** Gallery order (simple to involved); templates not listed follow in file-name order. */
export const TEMPLATE_ORDER = [
  'gpt',
  'attention-by-hand',
  'linear-gpt',
  'rnn-seq2seq',
  'rnn-attention',
  'transformer-seq2seq',
  'vae-mnist',
  'bayesian-mlp',
];

export interface Template {
  /** File name without .json, e.g. "gpt". */
  id: string;
  name: string;
  /** One line on what the template teaches. */
  teaches: string;
  /** The graph, loaded through the same loader as any import; undefined when it fails. */
  graph?: Graph;
  problems: Problem[];
}

const isGraphFile = (raw: unknown) => !!raw && typeof raw === 'object' && (raw as { format?: unknown }).format === 'tensorloom-graph';

function toTemplate(id: string, raw: unknown): Template {
  const r = loadGraphValue(raw);
  const meta = raw as { name?: unknown; description?: unknown };
  return {
    id,
    name: r.ok ? r.graph.name : String(meta.name ?? id),
    teaches: r.ok ? (r.graph.description ?? '') : String(meta.description ?? ''),
    graph: r.ok ? r.graph : undefined,
    problems: r.problems,
  };
}

let cached: Template[] | undefined;

/** Every template in gallery order (other JSON in templates/, such as targets.json, is skipped). */
export function templates(): Template[] {
  if (cached) return cached;
  const byId = new Map<string, unknown>();
  for (const [path, raw] of Object.entries(files)) if (isGraphFile(raw)) byId.set(path.replace(/^.*\//, '').replace(/\.json$/, ''), raw);
  const rank = (id: string) => {
    const i = TEMPLATE_ORDER.indexOf(id);
    return i < 0 ? TEMPLATE_ORDER.length : i;
  };
  const ids = [...byId.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  cached = ids.map((id) => toTemplate(id, byId.get(id)));
  return cached;
}

/**
 * A fresh copy of a template's graph to open (the document store must not share objects
 * with the catalog), or undefined for an unknown id or a template that fails to load.
 */
export function templateGraph(id: string): Graph | undefined {
  const t = templates().find((x) => x.id === id);
  return t?.graph ? structuredClone(t.graph) : undefined;
}
