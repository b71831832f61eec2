// Writing graphs out: file names and the JSON text of a graph file or a graph + weights file.
import type { Graph } from '../graph/schema';
import type { WeightsFile } from '../runtime/weights-file';
import { makeBundle } from './bundle';

/** A file name from the graph's name: lower-case words joined by dashes. */
export function fileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return stem || 'graph';
}

export const graphFileName = (g: Graph) => `${fileStem(g.name)}.json`;
export const bundleFileName = (g: Graph) => `${fileStem(g.name)}.with-weights.json`;

export const graphFileText = (g: Graph) => JSON.stringify(g, null, 2) + '\n';
// "format" comes first in the bundle, so an import can tell it apart from its first bytes.
export const bundleFileText = (g: Graph, w: WeightsFile) => JSON.stringify(makeBundle(g, w)) + '\n';

/** Offers text as a download (an object URL on a temporary link). */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
