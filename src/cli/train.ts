// `tensorloom train <graph.json>`: trains a graph and prints one line per report.
import { writeFileSync } from 'node:fs';
import { formatProblem } from '../graph/problems';
import { quietNode } from '../runtime/backend';
import { CompileError, NonFiniteError, Session, type TrainReport } from '../runtime/session';
import { CliError, parseArgs, readGraphFile, type Command } from './args';

const USAGE = `usage: tensorloom train <graph.json> [--steps N] [--seed S] [--backend wasm|cpu] [--out weights.json] [--report N] [--weights F]

Trains the graph with its training settings (flags override them) and prints, every report,
the step, steps/s and each loss term. --out writes all weights to one file when done;
--weights starts from a weights file written earlier.`;

export function formatReport(r: TrainReport): string {
  const terms = Object.entries(r.losses)
    .filter(([k]) => k !== 'total')
    .map(([k, v]) => `${k} ${v.toFixed(4)}`);
  const val = r.val ? `  val ${r.val.total.toFixed(4)}` : '';
  return `step ${r.step}  ${r.stepsPerSec.toFixed(2)} steps/s  loss ${r.losses.total.toFixed(4)}${terms.length > 1 ? ` (${terms.join(', ')})` : ''}${val}`;
}

export async function openSession(path: string, backend: 'cpu' | 'wasm' | undefined, seed?: number, weights?: string): Promise<Session> {
  const { graph, warnings } = readGraphFile(path);
  for (const w of warnings) console.error(formatProblem(w));
  quietNode();
  let session: Session;
  try {
    session = await Session.create(graph, { backend: backend ?? 'wasm', seed });
  } catch (e) {
    if (e instanceof CompileError) throw new CliError(`${path}: the graph does not compile:\n${e.message}`);
    throw e;
  }
  if (weights) {
    const { readTextFile } = await import('./args');
    let parsed: unknown;
    try {
      parsed = JSON.parse(readTextFile(weights, 512 * 1024 * 1024));
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`${weights}: not valid JSON: ${(e as Error).message}`);
    }
    const r = session.loadWeights(parsed);
    if (!r.ok) throw new CliError(`${weights} does not fit ${path}:\n${r.errors.map((x) => `  ${x}`).join('\n')}`);
  }
  return session;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a graph JSON and print progress',
  usage: USAGE,
  async run(argv) {
    const { flags, positional } = parseArgs(
      argv,
      {
        steps: { kind: 'int', min: 1, max: 10_000_000 },
        seed: { kind: 'int', min: 0 },
        backend: { kind: 'choice', options: ['cpu', 'wasm'] as const },
        out: { kind: 'string' },
        report: { kind: 'int', min: 1 },
        weights: { kind: 'string' },
      },
      { min: 1, max: 1, names: ['graph.json'] },
    );
    const session = await openSession(positional[0], flags.backend, flags.seed, flags.weights);
    const steps = flags.steps ?? session.settings.steps;
    console.log(
      `training "${session.program.graph.name}" on ${session.backend}: ${session.program.analysis.totals.params.toLocaleString('en')} parameters, ${steps} steps, batch ${session.batchSize}`,
    );
    let first: TrainReport | undefined;
    let last: TrainReport | undefined;
    try {
      last = await session.train(steps, {
        reportEvery: flags.report,
        onReport: (r) => {
          first ??= r;
          console.log(formatReport(r));
        },
      });
    } catch (e) {
      if (e instanceof NonFiniteError) {
        console.error(`tensorloom: ${e.message}`);
        return 1;
      }
      throw e;
    }
    if (first && last) console.log(`loss ${first.losses.total.toFixed(4)} → ${last.losses.total.toFixed(4)}`);
    if (flags.out) {
      writeFileSync(flags.out, JSON.stringify(await session.saveWeights()));
      console.log(`weights written to ${flags.out}`);
    }
    session.dispose();
    return 0;
  },
};
