// The NaN guard: when a loss goes NaN or infinite, training stops with a message naming the
// first bad node output or weight, and the weights from the last good report are kept. Tested
// on the Session and through the worker, where it pauses the run instead of ending it.
import { beforeAll, describe, expect, it } from 'vitest';
import { quietNode } from './backend';
import { NonFiniteError, Session } from './session';
import { divergingRegression, tinyVae } from './test-graphs';
import { encodeWeights } from './weights-file';
import { WorkerHost } from './worker-host';
import type { FromWorker, ResultOf, StatusEvent } from './worker-protocol';

beforeAll(() => quietNode());

const weightsOf = (s: Session) => Object.fromEntries([...s.weightsMap].map(([k, v]) => [k, Array.from(v.dataSync())]));

/** A VAE whose logVar layer is loaded with huge (finite) weights: exp(logVar/2) overflows. */
async function overflowingVae(): Promise<Session> {
  const s = await Session.create(tinyVae(), { backend: 'cpu' });
  const values = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [k, v] of s.weightsMap) {
    const data = Float32Array.from(v.dataSync());
    if (k === 'logVar/kernel') data.fill(1e4);
    values.set(k, { shape: v.shape, data });
  }
  expect(s.loadWeights(encodeWeights(values))).toEqual({ ok: true });
  return s;
}

describe('NaN guard on the Session', () => {
  it('a learning rate that blows the weights up: names the bad node, keeps the last good weights', async () => {
    const s = await Session.create(divergingRegression(), { backend: 'cpu' });
    let good: Record<string, number[]> = weightsOf(s);
    let goodStep = 0;
    let error: unknown;
    try {
      await s.train(200, {
        reportEvery: 1,
        onReport: (r) => {
          good = weightsOf(s);
          goodStep = r.step;
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NonFiniteError);
    const e = error as NonFiniteError;
    expect(e.message).toMatch(/(weight (kernel|bias)|the output y) of dense "(hidden|out)" (is|went) NaN or infinite/);
    expect(e.message).toMatch(/weights from before were kept/);
    expect(s.step).toBe(goodStep);
    expect(e.step).toBe(goodStep + 1);
    expect(weightsOf(s)).toEqual(good);
    expect(Object.values(good).flat().every(Number.isFinite)).toBe(true);
  });

  it('a node whose output overflows: names that node and output (not the weights its NaN gradient spoiled)', async () => {
    const s = await overflowingVae();
    const before = weightsOf(s);
    await expect(s.train(3, { reportEvery: 1 })).rejects.toThrow(/the output z of gaussian-sampler "sampler" went NaN or infinite/);
    expect(s.step).toBe(0);
    expect(weightsOf(s)).toEqual(before);
  });
});

describe('NaN guard through the worker', () => {
  it('pauses the run with the message, keeps the weights, and resumes after a fix', async () => {
    const events: StatusEvent[] = [];
    const responses = new Map<number, Extract<FromWorker, { kind: 'response' }>>();
    const host = new WorkerHost((msg) => {
      if (msg.kind === 'event' && msg.event.type === 'status') events.push(msg.event);
      if (msg.kind === 'response') responses.set(msg.id, msg);
    });
    let id = 0;
    const call = async <T extends keyof ResultOf>(request: { type: T } & Record<string, unknown>): Promise<ResultOf[T]> => {
      const n = ++id;
      await host.handle({ id: n, request: request as never });
      const r = responses.get(n)!;
      if (!r.ok) throw new Error(r.error);
      return r.result as ResultOf[T];
    };
    const settled = async () => {
      while (events[events.length - 1].state === 'running') await new Promise((r) => setTimeout(r, 20));
    };
    await call({ type: 'init', backend: 'cpu' });
    const graph = divergingRegression({ reportEvery: 1, steps: 200 });
    await call({ type: 'setGraph', graph });
    await call({ type: 'start' });
    await settled();
    const last = events[events.length - 1];
    expect(last.state).toBe('paused');
    expect(last.step).toBeGreaterThan(0);
    expect(last.nonFinite).toBe(true);
    expect(last.message).toMatch(/dense "(hidden|out)"/);
    expect(last.run).toEqual({ startStep: 0, target: 200 });
    const kept = await call({ type: 'saveWeights' });
    expect(kept.step).toBe(last.step);

    // The weights that were kept are finite but huge: lower the learning rate, reset the
    // weights, and the paused run resumes and finishes without another stop.
    await call({ type: 'setGraph', graph: { ...graph, training: { ...graph.training, learningRate: 0.01, steps: 5 } } });
    expect((await call({ type: 'saveWeights' })).weights).toEqual(kept.weights);
    await call({ type: 'resetWeights' });
    await call({ type: 'resume' });
    await settled();
    const end = events[events.length - 1];
    expect(end.message).toBeUndefined();
    expect(end.state).toBe('idle');
    expect(end.step).toBe(5);
  });
});
