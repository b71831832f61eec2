// Every template trains to its stated target (templates/targets.json): the language models.
import { describe, expect, it } from 'vitest';
import { meets, targets, trainTemplate } from './template-training';

const IDS = ['gpt', 'attention-by-hand', 'linear-gpt'];

describe('templates train to their targets (language models)', () => {
  for (const id of IDS) {
    const t = targets()[id];
    it(`${id}: ${t.metric} ${t.target} within ${t.steps} steps`, async () => {
      const r = await trainTemplate(id, t);
      console.log(`${id}: ${r.detail}${r.before !== undefined ? `, untrained ${r.before.toFixed(3)}` : ''}; ${r.seconds.toFixed(0)} s`);
      if (r.before !== undefined) expect(meets(t, r.before), `${id} meets its target untrained: the target is no bar`).toBe(false);
      expect(r.met, `${id}: ${r.detail}, target ${t.target}`).toBe(true);
    }, 240_000);
  }
});
