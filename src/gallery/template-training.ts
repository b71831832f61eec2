// Trains a template from the command line's code path and measures it against its target in
// templates/targets.json. Shared by the template training tests (split in two files so the
// two CPU cores of a CI machine train two templates at once).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSession } from '../cli/train';
import { measure, meets, lowerIsBetter, type Target } from './template-metrics';

export const TEMPLATES_DIR = path.resolve(__dirname, '../../templates');

export interface TargetEntry extends Target {
  /** Overrides the template's batch size for the check (training.batchSize). */
  batchSize?: number;
}

export function targets(): Record<string, TargetEntry> {
  return (JSON.parse(readFileSync(path.join(TEMPLATES_DIR, 'targets.json'), 'utf8')) as { templates: Record<string, TargetEntry> }).templates;
}

export interface TemplateRun {
  before?: number;
  after: number;
  detail: string;
  seconds: number;
  met: boolean;
}

/**
 * `tensorloom train templates/<id>.json --steps N --backend wasm`, in process: the same file
 * reading, validation and session; a batch override goes through a copy of the file.
 */
export async function trainTemplate(id: string, t: TargetEntry): Promise<TemplateRun> {
  let file = path.join(TEMPLATES_DIR, `${id}.json`);
  let dir: string | undefined;
  if (t.batchSize) {
    const g = JSON.parse(readFileSync(file, 'utf8'));
    g.training = { ...g.training, batchSize: t.batchSize };
    dir = mkdtempSync(path.join(tmpdir(), 'tensorloom-template-'));
    file = path.join(dir, `${id}.json`);
    writeFileSync(file, JSON.stringify(g));
  }
  const t0 = performance.now();
  const session = await openSession(file, 'wasm');
  try {
    // The untrained figure shows the target is a real bar (generation is skipped: it is 0).
    const before = t.metric === 'exact-match' ? undefined : (await measure(session, t)).value;
    await session.train(t.steps, { reportEvery: 50, validateEvery: 0 });
    const m = await measure(session, t);
    return { before, after: m.value, detail: m.detail, seconds: (performance.now() - t0) / 1000, met: meets(t, m.value) };
  } finally {
    session.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

export { lowerIsBetter, meets };
