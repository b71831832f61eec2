// Every template trains to its stated target (templates/targets.json): Seq2Seq, VAE, Bayesian.
import { describe, expect, it } from 'vitest';
import { meets, targets, trainTemplate } from './template-training';

const TEXT = ['gpt', 'attention-by-hand', 'linear-gpt'];

describe('templates train to their targets (Seq2Seq, VAE, Bayesian)', () => {
  it('every template has a target (the two test files share them out)', async () => {
    const { templates } = await import('./catalog');
    expect(Object.keys(targets()).sort()).toEqual(templates().map((t) => t.id).sort());
  });

  for (const [id, t] of Object.entries(targets()).filter(([k]) => !TEXT.includes(k))) {
    it(`${id}: ${t.metric} ${t.target} within ${t.steps} steps`, async () => {
      const r = await trainTemplate(id, t);
      console.log(`${id}: ${r.detail}${r.before !== undefined ? `, untrained ${r.before.toFixed(3)}` : ''}; ${r.seconds.toFixed(0)} s`);
      if (r.before !== undefined) expect(meets(t, r.before), `${id} meets its target untrained: the target is no bar`).toBe(false);
      expect(r.met, `${id}: ${r.detail}, target ${t.target}`).toBe(true);
    }, 240_000);
  }
});
