// `tensorloom bench`: the tiny GPT (V 65, T 64, D 64, 2 layers, 4 heads, B 16, Adam) trained
// twice in one process on one backend — compiled from graph JSON, and written by hand in tfjs
// ops — printing each one's steps/s and their ratio. Rounds alternate so drift in machine
// load hits both alike.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tf } from '../../nodes/tf';
import { loadGraphValue } from '../graph/load';
import { quietNode } from '../runtime/backend';
import { Session } from '../runtime/session';
import { parseArgs, type Command } from './args';
import { HandwrittenGpt } from './bench/handwritten-gpt';

const USAGE = `usage: tensorloom bench [--backend wasm|cpu] [--steps N] [--rounds R]

Trains the tiny GPT compiled from templates/gpt.json and the same model written by hand in
tfjs ops, alternating R rounds of N steps each, and prints steps/s for both and their ratio.`;

const CONFIG = { vocab: 65, context: 64, dModel: 64, layers: 2, heads: 4, dHidden: 256, batch: 16, lr: 3e-3 };
const READ_EVERY = 10;

function benchGraph() {
  const path = fileURLToPath(new URL('../../templates/gpt.json', import.meta.url));
  const g = JSON.parse(readFileSync(path, 'utf8'));
  const set = (id: string, params: Record<string, unknown>) => Object.assign(g.nodes.find((n: { id: string }) => n.id === id).params, params);
  set('corpus', { contextLength: CONFIG.context, batchSize: CONFIG.batch });
  set('emb', { vocabSize: CONFIG.vocab, dModel: CONFIG.dModel });
  set('attn', { heads: CONFIG.heads, causal: true });
  set('ff', { dHidden: CONFIG.dHidden, activation: 'gelu' });
  set('head', { units: CONFIG.vocab });
  g.nodes.find((n: { id: string }) => n.id === 'block').params.repeat = CONFIG.layers;
  Object.assign(g.training, { learningRate: CONFIG.lr, clipNorm: 1, weightDecay: 0, batchSize: CONFIG.batch });
  const r = loadGraphValue(g);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.graph;
}

async function timeSteps(steps: number, step: (collect: boolean) => tf.Scalar | undefined): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    const loss = step((i + 1) % READ_EVERY === 0 || i === steps - 1);
    if (loss) {
      await loss.data();
      loss.dispose();
    }
  }
  return (performance.now() - t0) / 1000;
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'compiled vs handwritten tiny GPT: steps/s and their ratio',
  usage: USAGE,
  async run(argv) {
    const { flags } = parseArgs(argv, {
      backend: { kind: 'choice', options: ['cpu', 'wasm'] as const },
      steps: { kind: 'int', min: 1, max: 100_000 },
      rounds: { kind: 'int', min: 1, max: 100 },
    });
    quietNode();
    const backend = flags.backend ?? 'wasm';
    const steps = flags.steps ?? (backend === 'cpu' ? 6 : 20);
    const rounds = flags.rounds ?? 3;
    const session = await Session.create(benchGraph(), { backend });
    const data = session.data.get('corpus')!;
    const hand = new HandwrittenGpt(CONFIG, CONFIG.lr);
    const rand = Math.random;
    const handStep = (collect: boolean) => {
      const b = data.batch('train', CONFIG.batch, rand);
      const loss = hand.step(b.tokens as tf.Tensor2D, b.targets as tf.Tensor2D, collect);
      b.tokens.dispose();
      b.targets.dispose();
      return loss;
    };
    const compiledStep = (collect: boolean) => {
      const r = session.trainStep(collect);
      if (!r) return undefined;
      r.terms.forEach((t) => t !== r.total && t.dispose()); // one term is the total itself
      r.gradNorm.dispose();
      return r.total;
    };
    console.log(
      `tiny GPT on ${session.backend}: V ${CONFIG.vocab}, T ${CONFIG.context}, D ${CONFIG.dModel}, ${CONFIG.layers} layers, ${CONFIG.heads} heads, B ${CONFIG.batch}; ` +
        `parameters compiled ${session.program.analysis.totals.params.toLocaleString('en')}, handwritten ${hand.parameterCount.toLocaleString('en')}`,
    );
    await timeSteps(2, compiledStep); // warm-up: kernels, shader/wasm compilation
    await timeSteps(2, handStep);
    let tc = 0;
    let th = 0;
    for (let r = 0; r < rounds; r++) {
      const h = await timeSteps(steps, handStep);
      const c = await timeSteps(steps, compiledStep);
      tc += c;
      th += h;
      console.log(`round ${r + 1}: compiled ${(steps / c).toFixed(2)} steps/s, handwritten ${(steps / h).toFixed(2)} steps/s`);
    }
    const compiled = (steps * rounds) / tc;
    const handwritten = (steps * rounds) / th;
    console.log(`compiled:    ${compiled.toFixed(2)} steps/s (${((1000 * tc) / (steps * rounds)).toFixed(0)} ms/step)`);
    console.log(`handwritten: ${handwritten.toFixed(2)} steps/s (${((1000 * th) / (steps * rounds)).toFixed(0)} ms/step)`);
    console.log(`compiled/handwritten steps/s ratio: ${(compiled / handwritten).toFixed(2)}`);
    session.dispose();
    hand.dispose();
    return 0;
  },
};
