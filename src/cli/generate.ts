// `tensorloom generate <graph.json> --weights F --prompt "..."`: runs the graph's beam decoder.
import { generate } from '../runtime/generate';
import { parseArgs, type Command } from './args';
import { openSession } from './train';

const USAGE = `usage: tensorloom generate <graph.json> --weights F [--prompt "text"] [--source "text"] [--beam N] [--max N] [--temperature T --top-k K] [--backend wasm|cpu]

Generates with the graph's beam-decoder: --beam 1 is greedy, N > 1 beam search; --temperature
samples instead. --source is the input sequence of a Seq2Seq graph.`;

export const generateCommand: Command = {
  name: 'generate',
  summary: 'generate text with a trained graph',
  usage: USAGE,
  async run(argv) {
    const { flags, positional } = parseArgs(
      argv,
      {
        weights: { kind: 'string' },
        prompt: { kind: 'string' },
        source: { kind: 'string' },
        beam: { kind: 'int', min: 1, max: 64 },
        max: { kind: 'int', min: 1, max: 10_000 },
        temperature: { kind: 'number', min: 0.01, max: 100 },
        'top-k': { kind: 'int', min: 0 },
        seed: { kind: 'int', min: 0 },
        backend: { kind: 'choice', options: ['cpu', 'wasm'] as const },
      },
      { min: 1, max: 1, names: ['graph.json'] },
    );
    const session = await openSession(positional[0], flags.backend, undefined, flags.weights);
    if (!flags.weights) console.error('tensorloom: no --weights given: generating with untrained weights');
    let result;
    try {
      result = await generate(session, {
        prompt: flags.prompt,
        source: flags.source,
        beamWidth: flags.beam,
        maxLength: flags.max,
        sampling: flags.temperature !== undefined ? 'temperature' : undefined,
        temperature: flags.temperature,
        topK: flags['top-k'],
        seed: flags.seed,
      });
    } catch (e) {
      const { CliError } = await import('./args');
      throw new CliError((e as Error).message);
    }
    console.log(`${flags.prompt ?? ''}${result.text}`);
    console.error(`p = ${result.probability.toExponential(3)} (log p = ${result.logProb.toFixed(3)}), ${result.tokens.length} tokens${result.incremental ? ', incremental' : ''}`);
    session.dispose();
    return 0;
  },
};
