// The sharing actions behind the header buttons, the drop zone and the link opener. Each
// import ends in openImported: a refused import shows every problem and leaves the open
// graph exactly as it was; an accepted one asks before replacing unsaved work.
import { docStore } from '../state';
import { getRuntime } from '../runtime/worker-client';
import { bundleFileName, bundleFileText, download, graphFileName, graphFileText } from './files';
import { importFile, importLink, importText, type ImportOutcome, type NamedBlob } from './importer';
import { fragmentData, graphToFragment, linkFor } from './link';
import { problemLines, showNotice } from './notice';

/** Applies an import outcome; resolves true when the graph was opened. */
export async function openImported(o: ImportOutcome): Promise<boolean> {
  if (!o.ok) {
    showNotice({ kind: 'error', title: `Could not open ${o.what} — the open graph is unchanged`, lines: problemLines(o.problems) });
    return false;
  }
  const { dirty, graph: current } = docStore.getState();
  if (dirty && !window.confirm(`Replace “${current.name}” with “${o.graph.name}” from ${o.what}? Your changes to “${current.name}” are not saved (Undo can still bring them back in this session).`))
    return false;
  docStore.replaceGraph(o.graph);
  const notes = o.warnings.map((p) => p.message);
  if (!o.weights) {
    showNotice({ kind: 'info', title: `Opened “${o.graph.name}” from ${o.what}`, lines: notes });
    return true;
  }
  // The weights were checked against this graph already; the worker assigns them.
  try {
    const rt = getRuntime();
    rt.setGraph(docStore.getState().graph);
    const r = await rt.loadWeights(o.weights);
    if (r.ok) showNotice({ kind: 'info', title: `Opened “${o.graph.name}” with its trained weights (step ${r.step})`, lines: notes });
    else showNotice({ kind: 'error', title: `Opened “${o.graph.name}”, but its weights did not load`, lines: r.errors.slice(0, 12) });
  } catch (e) {
    showNotice({ kind: 'error', title: `Opened “${o.graph.name}”, but its weights did not load`, lines: [(e as Error).message] });
  }
  return true;
}

export async function openFile(file: NamedBlob, how: 'chosen' | 'dropped'): Promise<boolean> {
  return openImported(await importFile(file, how));
}

export function openPastedText(text: string): Promise<boolean> {
  return openImported(importText(text, 'the pasted text'));
}

export function exportGraph(): void {
  const { graph } = docStore.getState();
  download(graphFileName(graph), graphFileText(graph));
  docStore.markSaved();
}

/** Graph + the training worker's current weights, as one file. */
export async function exportWithWeights(): Promise<void> {
  const { graph } = docStore.getState();
  try {
    const rt = getRuntime();
    rt.setGraph(graph);
    await rt.flushGraph();
    const weights = await rt.request({ type: 'saveWeights' });
    download(bundleFileName(graph), bundleFileText(graph, weights));
    docStore.markSaved();
    const step = weights.step ?? 0;
    showNotice({ kind: 'info', title: `Exported “${graph.name}” with its weights`, lines: [step > 0 ? `weights after ${step} training steps` : 'the weights are untrained (step 0): train first to share what was learned'] });
  } catch (e) {
    showNotice({ kind: 'error', title: `Could not export “${graph.name}” with weights`, lines: [(e as Error).message] });
  }
}

/** Puts a link carrying the graph on the clipboard (or shows it when the clipboard refuses). */
export async function copyLink(): Promise<void> {
  const { graph } = docStore.getState();
  let link: string;
  try {
    link = linkFor(location.href, await graphToFragment(graph));
  } catch (e) {
    showNotice({ kind: 'error', title: 'Could not make a link', lines: [(e as Error).message] });
    return;
  }
  const size = link.length < 1024 ? `${link.length} characters` : `${(link.length / 1024).toFixed(1)} KB`;
  const lines = [`${size}; it holds the graph only, not trained weights`];
  try {
    await navigator.clipboard.writeText(link);
    showNotice({ kind: 'info', title: 'Link copied', lines });
  } catch {
    showNotice({ kind: 'info', title: 'Copy this link', lines, link });
  }
}

let handling: string | undefined;

/**
 * Opens the graph of a `#graph=…` location hash, then removes the hash so a reload keeps the
 * autosaved work instead of asking again. A second call for the same link while the first
 * is still open (React's strict-mode double effect) does nothing.
 */
export async function openLinkFromLocation(): Promise<boolean> {
  const data = fragmentData(location.hash);
  if (data === undefined || data === handling) return false;
  handling = data;
  try {
    const outcome = await importLink(data);
    history.replaceState(null, '', location.pathname + location.search);
    return await openImported(outcome);
  } finally {
    handling = undefined;
  }
}
