import { defineNode, float, p, tf } from './api';

type Params = { beta: number; warmupSteps: number };

/** β at a training step: a linear ramp from 0 over the first warmupSteps steps, then β. */
function betaAt(params: Params, step: number, training: boolean): number {
  if (!training || params.warmupSteps === 0) return params.beta;
  return params.beta * Math.min(1, step / params.warmupSteps);
}

export default defineNode<Params>({
  type: 'kl-loss',
  title: 'KL loss',
  category: 'losses',
  description:
    'Adds β·kl to the training objective (the KL term of a VAE or a Bayesian net). ' +
    'With warm-up steps N > 0, β ramps linearly from 0 to its value over the first N training steps (KL annealing); ' +
    'outside training the full β applies, so evaluation always reports the same objective.',
  formula: '\\mathcal L = \\beta_t \\cdot \\mathrm{kl},\\quad \\beta_t = \\beta\\,\\min(1, t/N)',
  params: {
    beta: p.number(1, 0, 1000, { label: 'β', step: 0.01 }),
    warmupSteps: p.int(0, 0, 10_000_000, { label: 'warm-up steps', help: '0 = off' }),
  },
  inputs: [{ name: 'kl', kind: 'scalar', description: 'a KL term (scalar)' }],
  outputs: [{ name: 'loss', kind: 'scalar', description: 'β·kl' }],
  lossPorts: ['loss'],
  infer(ctx) {
    const kl = ctx.need('kl');
    if (kl.shape.length !== 0) ctx.fail('kl', `input kl must be a scalar, got shape [${kl.shape.join(', ')}]`);
    return { loss: float([]) };
  },
  forward({ inputs, params, step, training }) {
    return { loss: tf.mul(inputs.kl!, betaAt(params, step, training)) };
  },
});
