import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../nodes/tf';
import { GraphBuilder } from '../graph/builder';
import { quietNode, useBackend } from './backend';
import { CompileError, NonFiniteError, Session } from './session';

beforeAll(async () => {
  quietNode();
  await useBackend('cpu');
});

const open: Session[] = [];
afterEach(() => open.splice(0).forEach((s) => s.dispose()));
async function session(g: ReturnType<GraphBuilder['build']>) {
  const s = await Session.create(g, { backend: 'cpu' });
  open.push(s);
  return s;
}

const regression = (training = {}) =>
  new GraphBuilder('sine mlp')
    .node('data', 'toy-2d', { dataset: 'sine', batchSize: 16 })
    .node('h', 'dense', { units: 16, activation: 'tanh' })
    .node('out', 'dense', { units: 1 })
    .node('loss', 'mse', {})
    .edge('data.x', 'h.x').edge('h.y', 'out.x').edge('out.y', 'loss.prediction').edge('data.y', 'loss.target')
    .build({ learningRate: 0.01, ...training });

/** A group of two dense layers repeated ×3. */
const repeated = (shared: boolean) =>
  new GraphBuilder('stack')
    .node('data', 'toy-2d', { dataset: 'sine', batchSize: 8 })
    .node('lift', 'dense', { units: 8 })
    .node('blk', 'group', { repeat: 3, sharedWeights: shared })
    .node('i', 'graph-input', { name: 'x' }, { parent: 'blk' })
    .node('d', 'dense', { units: 8, activation: 'tanh' }, { parent: 'blk' })
    .node('o', 'graph-output', { name: 'y' }, { parent: 'blk' })
    .node('out', 'dense', { units: 1 })
    .node('loss', 'mse', {})
    .edge('data.x', 'lift.x').edge('lift.y', 'blk.x').edge('i.y', 'd.x').edge('d.y', 'o.x').edge('blk.y', 'out.x')
    .edge('out.y', 'loss.prediction').edge('data.y', 'loss.target')
    .build();

describe('Session', () => {
  it('keeps tf.memory().numTensors flat across training steps', async () => {
    const s = await session(regression());
    await s.train(3, { reportEvery: 1, validateEvery: 2 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) s.trainStep(false);
    await s.train(5, { reportEvery: 2, validateEvery: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lowers the loss and reports each term', async () => {
    const s = await session(regression());
    const before = (await s.evaluate(4)).total;
    const reports: Record<string, number>[] = [];
    await s.train(200, { reportEvery: 50, validateEvery: 0, onReport: (r) => reports.push(r.losses) });
    expect(reports).toHaveLength(4);
    expect(Object.keys(reports[0]).sort()).toEqual(['loss', 'total']);
    expect((await s.evaluate(4)).total).toBeLessThan(before * 0.5);
  });

  it('saves and loads every weight; a file that does not fit changes nothing', async () => {
    const s = await session(regression());
    await s.train(20, { reportEvery: 20 });
    const file = await s.saveWeights();
    expect(Object.keys(file.weights).sort()).toEqual(['h/bias', 'h/kernel', 'out/bias', 'out/kernel']);
    const x = tf.tensor2d([[0.3], [1.2]]);
    const predict = () => {
      const feeds = new Map([['data.x', x.clone()], ['data.y', tf.zeros([2, 1])]]);
      const out = s.run([{ nodeId: 'out', port: 'y' }], 'val', 2, feeds);
      const v = Array.from(out.get('out.y')!.dataSync());
      out.forEach((t) => t.dispose());
      feeds.forEach((t) => t.dispose());
      return v;
    };
    const trained = predict();
    s.resetWeights();
    expect(predict()).not.toEqual(trained);
    expect(s.loadWeights(file)).toEqual({ ok: true });
    expect(predict()).toEqual(trained);

    const bad = structuredClone(file);
    bad.weights['h/kernel'].shape = [1, 32];
    delete bad.weights['out/bias'];
    bad.weights['ghost/w'] = bad.weights['h/bias'];
    s.resetWeights();
    const fresh = predict();
    const r = s.loadWeights(bad);
    expect(r.ok).toBe(false);
    const errors = (r as { errors: string[] }).errors.join('\n');
    expect(errors).toContain('node "h" weight kernel: the file has shape [1, 32] but the graph expects [1, 16]');
    expect(errors).toContain('node "out" weight bias ("out/bias") is missing');
    expect(errors).toContain('weight "ghost/w" is in the file');
    expect(predict()).toEqual(fresh);
    x.dispose();
  });

  it('stops on a non-finite loss, names where it went bad and keeps the weights from before', async () => {
    const s = await session(regression({ optimizer: 'sgd', learningRate: 10, clipNorm: 0 }));
    const err = await s.train(400, { reportEvery: 1, validateEvery: 0 }).catch((e) => e);
    expect(err).toBeInstanceOf(NonFiniteError);
    expect((err as NonFiniteError).message).toMatch(/weight \w+ of dense "(h|out)" is NaN or infinite|output \w+ of \w+ "\w+" went NaN/);
    const kept = await s.saveWeights();
    for (const w of Object.values(kept.weights)) {
      const arr = new Float32Array(Uint8Array.from(atob(w.data), (c) => c.charCodeAt(0)).buffer);
      expect(arr.every(Number.isFinite)).toBe(true);
    }
    expect(s.step).toBe((err as NonFiniteError).step - 1);
  });

  it('gives every copy of a repeated group its own weights, or one set when shared', async () => {
    const own = await session(repeated(false));
    const shared = await session(repeated(true));
    const keys = (s: Session) => s.program.weights.map((w) => w.key).filter((k) => k.startsWith('blk'));
    expect(keys(own)).toEqual(['blk[0]/d/kernel', 'blk[0]/d/bias', 'blk[1]/d/kernel', 'blk[1]/d/bias', 'blk[2]/d/kernel', 'blk[2]/d/bias']);
    expect(keys(shared)).toEqual(['blk/d/kernel', 'blk/d/bias']);
    expect(own.program.analysis.totals.params - shared.program.analysis.totals.params).toBe(2 * (8 * 8 + 8));
    await own.train(5, { reportEvery: 5 });
    await shared.train(5, { reportEvery: 5 });
  });

  it('refuses a graph that does not compile, listing every problem', async () => {
    const g = new GraphBuilder('broken')
      .node('data', 'toy-2d', {})
      .node('a', 'dense', { units: 4 })
      .node('b', 'add', {})
      .node('loss', 'mse', {})
      .edge('data.x', 'a.x').edge('a.y', 'b.a').edge('data.y', 'b.b').edge('b.y', 'loss.prediction')
      .build();
    const err = await Session.create(g, { backend: 'cpu' }).catch((e) => e);
    expect(err).toBeInstanceOf(CompileError);
    expect(err.message).toMatch(/add "b"/);
  });
});
