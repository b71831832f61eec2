// Every way a graph comes in — a chosen file, a dropped file, a link, pasted text — ends here,
// and graphs are read by src/graph/load.ts alone. The outcome says what was read ("the file
// “x.json”") and either the graph (with weights, from a bundle) or every problem found;
// nothing here touches the open document.
import { LIMITS } from '../graph/limits';
import { loadGraphText, parseJsonText } from '../graph/load';
import { error, type Problem } from '../graph/problems';
import type { Graph } from '../graph/schema';
import type { WeightsFile } from '../runtime/weights-file';
import { BUNDLE_MAX_BYTES, looksLikeBundle, readBundle } from './bundle';
import { fragmentText, LinkError } from './link';

export type ImportOutcome =
  | { ok: true; what: string; graph: Graph; weights?: WeightsFile; warnings: Problem[] }
  | { ok: false; what: string; problems: Problem[] };

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** Graph JSON text, or graph + weights JSON text, from any source. */
export function importText(text: string, what: string): ImportOutcome {
  if (looksLikeBundle(text)) {
    const parsed = parseJsonText(text);
    if ('problem' in parsed) return { ok: false, what, problems: [parsed.problem] };
    const r = readBundle(parsed.value);
    return r.ok ? { ok: true, what, graph: r.graph, weights: r.weights, warnings: r.warnings } : { ok: false, what, problems: r.problems };
  }
  const r = loadGraphText(text);
  return r.ok ? { ok: true, what, graph: r.graph, warnings: r.problems } : { ok: false, what, problems: r.problems };
}

/** What a file-like thing must offer (a File, or a Blob with a name in tests). */
export interface NamedBlob {
  name: string;
  size: number;
  slice(start?: number, end?: number): Blob;
  text(): Promise<string>;
}

/**
 * Reads a chosen or dropped file. Its size is checked before it is read: a graph file over
 * the limit is refused from its first bytes, so a 50 MB mistake costs nothing.
 */
export async function importFile(file: NamedBlob, how: 'chosen' | 'dropped' = 'chosen'): Promise<ImportOutcome> {
  const what = `the ${how === 'dropped' ? 'dropped ' : ''}file “${file.name}”`;
  const refuse = (message: string): ImportOutcome => ({ ok: false, what, problems: [error(message)] });
  if (file.size > BUNDLE_MAX_BYTES) return refuse(`the file is ${mb(file.size)}; graph files are limited to ${mb(LIMITS.fileBytes)} and graph + weights files to ${mb(BUNDLE_MAX_BYTES)}`);
  if (file.size > LIMITS.fileBytes && !looksLikeBundle(await file.slice(0, 4096).text()))
    return refuse(`the file is ${mb(file.size)}; graph files are limited to ${mb(LIMITS.fileBytes)}`);
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return refuse(`the file could not be read: ${(e as Error).message}`);
  }
  return importText(text, what);
}

/** Reads the graph of a `#graph=…` link. */
export async function importLink(data: string): Promise<ImportOutcome> {
  const what = 'the link';
  let text: string;
  try {
    text = await fragmentText(data);
  } catch (e) {
    return { ok: false, what, problems: [error(e instanceof LinkError ? e.message : `the link could not be read: ${(e as Error).message}`)] };
  }
  const r = importText(text, what);
  // Valid compressed data that is not valid JSON: the text was cut short before compression
  // or the link was assembled by hand; say so rather than quoting a column of a line nobody sees.
  if (!r.ok && r.problems.length === 1 && /^not valid JSON/.test(r.problems[0].message))
    return { ok: false, what, problems: [error(`the link is damaged or incomplete: ${r.problems[0].message}`)] };
  return r;
}
