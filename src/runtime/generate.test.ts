// Incremental generation (KV cache, linear attention's recurrent form) gives the numbers of
// re-running every prefix, and leaks no tensors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../nodes/tf';
import { loadGraphText } from '../graph/load';
import { quietNode } from './backend';
import { generate } from './generate';
import { Session } from './session';

quietNode();
const sessions: Session[] = [];
afterAll(() => sessions.forEach((s) => s.dispose()));

async function trained(attention: 'linear-attention' | 'multi-head-attention') {
  const r = loadGraphText(readFileSync(path.resolve(__dirname, '../cli/fixtures/abc-lm.json'), 'utf8'));
  if (!r.ok) throw new Error('fixture does not load');
  const attn = r.graph.nodes.find((n) => n.id === 'attn')!;
  attn.type = attention;
  attn.params = attention === 'linear-attention' ? { dHead: 32, causal: true } : { heads: 4, causal: true };
  const s = await Session.create(r.graph, { backend: 'wasm' });
  sessions.push(s);
  await s.train(40, { reportEvery: 40, validateEvery: 0 });
  return s;
}

describe('generation', () => {
  for (const attention of ['linear-attention', 'multi-head-attention'] as const) {
    it(`${attention}: one token at a time equals re-running each prefix (greedy and beam 3)`, async () => {
      const s = await trained(attention);
      expect(s.program.generation?.incremental).toBe(true);
      for (const beamWidth of [1, 3]) {
        const before = tf.memory().numTensors;
        const fast = await generate(s, { prompt: 'hij', beamWidth, maxLength: 10 });
        if (attention === 'linear-attention') {
          // Past the 16-token context the recurrent form simply goes on.
          const long = await generate(s, { prompt: 'abc', beamWidth, maxLength: 23 });
          expect(long.tokens).toHaveLength(23); // positions past 16 were never trained: no claim on text
          expect(long.text.slice(0, 13)).toBe('defghijklmnop');
          expect(long.incremental).toBe(true);
        }
        const slow = await generate(s, { prompt: 'hij', beamWidth, maxLength: 10, noCache: true });
        expect(tf.memory().numTensors).toBe(before);
        expect(fast.incremental).toBe(true);
        expect(slow.incremental).toBe(false);
        expect(fast.text).toBe(slow.text);
        expect(fast.logProb).toBeCloseTo(slow.logProb, 3);
        expect(fast.text).toBe('klmnopqrst');
        expect(fast.tree.length).toBe(10);
      }
    }, 60_000);
  }

  it('samples with temperature and top-k, reproducibly from a seed', async () => {
    const s = sessions[0];
    const a = await generate(s, { prompt: 'a', sampling: 'temperature', temperature: 1.5, topK: 3, seed: 9, maxLength: 12 });
    const b = await generate(s, { prompt: 'a', sampling: 'temperature', temperature: 1.5, topK: 3, seed: 9, maxLength: 12 });
    expect(a.text).toBe(b.text);
    expect(a.text).toHaveLength(12);
  });
});
