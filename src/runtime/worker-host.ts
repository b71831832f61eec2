// The worker's side of the protocol: one Session, the training run (start / pause / resume /
// stop / one step), recompiling on graph edits while keeping the weights that still fit, and
// the inference requests. It only needs a `post` function, so tests drive it in-process.
import { compile } from '../compiler/program';
import { formatProblem } from '../graph/problems';
import type { Graph } from '../graph/schema';
import { tf } from '../../nodes/tf';
import type { BackendChoice, BackendName } from './backend';
import { hardwareWebgl, useBackend } from './backend';
import { generate } from './generate';
import { graphInfo } from './graph-info';
import { attentionMaps, inspectAll, tokenLabel } from './inspect';
import { bayesProbe, posteriorToPrior, vaeProbe } from './probes';
import { NonFiniteError, Session, type TrainReport } from './session';
import type {
  FromWorker,
  GenerateResultMsg,
  GraphInfo,
  Request,
  ResultOf,
  RunInfo,
  StatusEvent,
  ToWorker,
  TrainState,
  TreeStep,
  WorkerEvent,
} from './worker-protocol';
import { transferables } from './worker-protocol';

export type Post = (msg: FromWorker, transfer: ArrayBuffer[]) => void;

/** Pruned candidates drawn per beam step, besides the kept and finished ones. */
const TREE_PRUNED_PER_STEP = 3;

/**
 * Lets queued messages (pause, stop, a generate request) in between training chunks. A timer
 * rather than a MessageChannel: a channel message can run ahead of the page's messages.
 */
function macrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Training settings that change nothing in a Session: editing them needs no recompile. */
const RUN_ONLY_SETTINGS = new Set(['steps', 'reportEvery', 'validateEvery']);

function sameExceptRunSettings(a: Graph, b: Graph): boolean {
  if (a === b) return true;
  const strip = (g: Graph) => {
    const training = Object.fromEntries(Object.entries(g.training).filter(([k]) => !RUN_ONLY_SETTINGS.has(k)));
    // Positions, the viewport and the name do not change the model either.
    return JSON.stringify({
      nodes: g.nodes.map((n) => ({ id: n.id, type: n.type, params: n.params, parent: n.parent, label: n.label })),
      edges: g.edges,
      training,
    });
  };
  return strip(a) === strip(b);
}

export class WorkerHost {
  private session?: Session;
  private graph?: Graph;
  private info?: GraphInfo;
  private backend: BackendName = 'cpu';
  private state: TrainState = 'idle';
  private run?: { startStep: number };
  private stopAfterChunk: 'pause' | 'stop' | undefined;
  private loop?: Promise<void>;
  private message?: string;
  private nonFinite = false;
  /** One session operation at a time: training chunks, recompiles and probes take turns. */
  private lock: Promise<unknown> = Promise.resolve();

  constructor(private post: Post) {}

  /** Entry point for every message from the page. */
  async handle(msg: ToWorker): Promise<void> {
    try {
      const result = await this.dispatch(msg.request);
      this.post({ kind: 'response', id: msg.id, ok: true, result }, transferables(result));
    } catch (e) {
      const err = e as Error;
      this.post({ kind: 'response', id: msg.id, ok: false, error: err?.message ?? String(e), name: err?.name }, []);
    }
  }

  private emit(event: WorkerEvent): void {
    this.post({ kind: 'event', event }, []);
  }

  private exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.lock.then(fn);
    this.lock = next.catch(() => undefined);
    return next;
  }

  private requireSession(): Session {
    if (!this.session) throw new Error(this.info && !this.info.ok ? `the graph does not compile: ${this.info.problems[0]}` : 'no graph is loaded yet');
    if (this.info && !this.info.ok) throw new Error(`the graph does not compile: ${this.info.problems[0]}`);
    return this.session;
  }

  private runInfo(): RunInfo | undefined {
    if (!this.run || !this.graph) return undefined;
    return { startStep: this.run.startStep, target: this.run.startStep + this.graph.training.steps };
  }

  status(): StatusEvent {
    return {
      type: 'status',
      state: this.state,
      step: this.session?.step ?? 0,
      run: this.runInfo(),
      backend: this.backend,
      ...(this.message ? { message: this.message } : {}),
      ...(this.nonFinite ? { nonFinite: true } : {}),
    };
  }

  private setState(state: TrainState, message?: string, nonFinite = false): StatusEvent {
    this.state = state;
    this.message = message;
    this.nonFinite = nonFinite;
    const s = this.status();
    this.emit(s);
    return s;
  }

  private async dispatch(r: Request): Promise<ResultOf[keyof ResultOf]> {
    switch (r.type) {
      case 'init':
        this.backend = await this.exclusive(() => useBackend(r.backend));
        return { backend: this.backend, hardwareWebgl: hardwareWebgl() };
      case 'setGraph':
        return this.exclusive(() => this.setGraph(r.graph, r.fresh ?? false));
      case 'setBackend':
        return this.exclusive(() => this.switchBackend(r.backend));
      case 'start':
        return this.start();
      case 'resume':
        return this.resume();
      case 'pause':
        return this.requestStop('pause');
      case 'stop':
        return this.requestStop('stop');
      case 'stepOnce':
        return this.stepOnce();
      case 'resetWeights':
        return this.exclusive(() => {
          this.requireSession().resetWeights();
          if (this.run) this.run = { startStep: 0 };
          return this.setState(this.state === 'running' ? 'running' : this.run ? 'paused' : 'idle');
        });
      case 'evaluate':
        return this.exclusive(() => this.requireSession().evaluate(r.batches ?? 4));
      case 'saveWeights':
        return this.exclusive(() => this.requireSession().saveWeights());
      case 'loadWeights':
        return this.exclusive(() => {
          const s = this.requireSession();
          const res = s.loadWeights(r.file);
          if (!res.ok) return res;
          this.emit(this.status());
          return { ok: true as const, step: s.step };
        });
      case 'generate':
        return this.exclusive(() => this.generate(r));
      case 'attention':
        return this.exclusive(() => attentionMaps(this.requireSession(), r));
      case 'inspect':
        return this.exclusive(() => inspectAll(this.requireSession()));
      case 'vae':
        return this.exclusive(() => vaeProbe(this.requireSession(), r));
      case 'bayes':
        return this.exclusive(() => bayesProbe(this.requireSession(), r));
      case 'posteriorToPrior':
        return this.exclusive(() => ({ nodes: posteriorToPrior(this.requireSession()) }));
    }
  }

  // ---------- graph and backend ----------

  private async setGraph(graph: Graph, fresh = false): Promise<GraphInfo> {
    const old = this.session;
    if (fresh) {
      // Another document: a run of the old one ends, and no weight carries over.
      if (this.state === 'running') this.stopAfterChunk = 'stop';
      else if (this.run) {
        this.run = undefined;
        this.setState('idle');
      }
    } else if (old && this.graph && this.info?.ok && sameExceptRunSettings(this.graph, graph)) {
      this.graph = graph;
      this.emit(this.status());
      return this.info;
    }
    this.graph = graph;
    const c = compile(graph);
    if (!c.ok) {
      // Keep the old session: its weights are adopted once the graph compiles again.
      const problems = c.problems.filter((p) => p.severity === 'error').map(formatProblem);
      this.info = { ...(this.info ?? emptyInfo(this.backend)), ok: false, problems, step: old?.step ?? 0 };
      if (this.state === 'running') this.stopAfterChunk = 'pause';
      this.emit({ type: 'graph', info: this.info });
      return this.info;
    }
    let next: Session;
    try {
      next = await Session.create(graph, { backend: this.backend });
    } catch (e) {
      const problems = [(e as Error).message];
      this.info = { ...(this.info ?? emptyInfo(this.backend)), ok: false, problems, step: old?.step ?? 0 };
      if (this.state === 'running') this.stopAfterChunk = 'pause';
      this.emit({ type: 'graph', info: this.info });
      return this.info;
    }
    const adopted = old && !fresh ? next.adoptWeights(old.weightsMap) : 0;
    if (old && adopted > 0) next.step = old.step;
    old?.dispose();
    this.session = next;
    if (this.run && adopted === 0) this.run = { startStep: 0 };
    this.info = graphInfo(next, adopted);
    this.emit({ type: 'graph', info: this.info });
    this.emit(this.status());
    return this.info;
  }

  private async switchBackend(choice: BackendChoice): Promise<GraphInfo> {
    const old = this.session;
    // Weights go through the host: tensors cannot be shared between backends.
    const saved = new Map<string, { shape: number[]; data: Float32Array }>();
    if (old) for (const [k, v] of old.weightsMap) saved.set(k, { shape: v.shape, data: (await v.data()).slice() as Float32Array });
    const step = old?.step ?? 0;
    old?.dispose();
    this.session = undefined;
    this.backend = await useBackend(choice);
    if (!this.graph) return { ...emptyInfo(this.backend) };
    const graph = this.graph;
    this.graph = undefined;
    const info = await this.setGraph(graph);
    if (this.session && saved.size) {
      const s = this.session as Session;
      const tensors = new Map([...saved].map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
      const adopted = s.adoptWeights(tensors);
      for (const t of tensors.values()) t.dispose();
      if (adopted > 0) s.step = step;
      this.info = { ...info, adopted, step: s.step, backend: this.backend };
      this.emit({ type: 'graph', info: this.info });
      this.emit(this.status());
      return this.info;
    }
    return info;
  }

  // ---------- training ----------

  private start(): StatusEvent {
    const s = this.requireSession();
    if (!this.info?.canTrain) throw new Error('the graph has no loss node, so it cannot be trained');
    if (this.state === 'running') return this.status();
    this.run = { startStep: s.step };
    return this.launch();
  }

  private resume(): StatusEvent {
    this.requireSession();
    if (this.state === 'running') return this.status();
    if (!this.run) return this.start();
    return this.launch();
  }

  private launch(): StatusEvent {
    this.stopAfterChunk = undefined;
    const status = this.setState('running');
    this.loop = this.trainLoop();
    return status;
  }

  /** Pause or stop: takes effect when the running chunk ends (at the next report). */
  private async requestStop(kind: 'pause' | 'stop'): Promise<StatusEvent> {
    if (this.state === 'running') {
      this.stopAfterChunk = kind;
      await this.loop;
      return this.status();
    }
    if (kind === 'stop') {
      this.run = undefined;
      return this.setState('idle');
    }
    return this.status();
  }

  private async trainLoop(): Promise<void> {
    try {
      for (;;) {
        if (this.stopAfterChunk) break;
        const target = this.runInfo()!.target;
        const done = await this.exclusive(async () => {
          if (!this.info?.ok) throw new Error(`the graph does not compile: ${this.info?.problems[0] ?? ''}`);
          const s = this.session!;
          const left = target - s.step;
          if (left <= 0) return true;
          const every = Math.max(1, s.settings.reportEvery);
          // Chunks end on multiples of reportEvery, so reports land on round steps.
          const chunk = Math.min(left, every - (s.step % every));
          await s.train(chunk, {
            reportEvery: chunk,
            validateEvery: s.settings.validateEvery,
            onReport: (report) => this.emit({ type: 'report', report, run: this.runInfo() }),
          });
          return s.step >= target;
        });
        if (done) {
          this.run = undefined;
          this.setState('idle');
          return;
        }
        await macrotask();
      }
      const kind = this.stopAfterChunk;
      this.stopAfterChunk = undefined;
      if (kind === 'stop') this.run = undefined;
      // A graph that stopped compiling pauses the run with its first problem.
      const why = !this.info?.ok ? `paused: the graph does not compile (${this.info?.problems[0] ?? ''})` : undefined;
      this.setState(kind === 'stop' ? 'idle' : 'paused', why);
    } catch (e) {
      this.stopAfterChunk = undefined;
      if (e instanceof NonFiniteError) this.setState('paused', e.message, true);
      else this.setState(this.run ? 'paused' : 'idle', (e as Error).message ?? String(e));
    }
  }

  private async stepOnce(): Promise<TrainReport> {
    if (this.state === 'running') throw new Error('training is running: pause it to step one batch at a time');
    const s = this.requireSession();
    if (!this.info?.canTrain) throw new Error('the graph has no loss node, so it cannot be trained');
    return this.exclusive(async () => {
      let report: TrainReport | undefined;
      try {
        report = await s.train(1, {
          reportEvery: 1,
          validateEvery: s.settings.validateEvery,
          onReport: (r) => this.emit({ type: 'report', report: r, run: this.runInfo() }),
        });
      } catch (e) {
        if (e instanceof NonFiniteError) this.setState(this.run ? 'paused' : 'idle', e.message, true);
        throw e;
      }
      this.setState(this.run ? 'paused' : 'idle');
      return report!;
    });
  }

  // ---------- inference ----------

  private async generate(r: Extract<Request, { type: 'generate' }>): Promise<GenerateResultMsg> {
    const s = this.requireSession();
    const t0 = performance.now();
    const res = await generate(s, r);
    const ds = s.data.get(s.program.generation!.source.id)!;
    const piece = (id: number) => tokenLabel(res.vocab[id]);
    return {
      text: res.text,
      promptText: ds.decode ? ds.decode(res.promptTokens) : '',
      tokens: res.tokens.map(piece),
      probability: res.probability,
      logProb: res.logProb,
      tree: compactTree(res.tree, res.tokens, piece),
      incremental: res.incremental,
      ms: performance.now() - t0,
    };
  }
}

function emptyInfo(backend: BackendName): GraphInfo {
  return {
    ok: false,
    problems: [],
    backend,
    step: 0,
    adopted: 0,
    weightCount: 0,
    paramCount: 0,
    lossLabels: [],
    canTrain: false,
    data: [],
    batchSize: 0,
    tokensPerStep: 0,
    attention: [],
  };
}

/**
 * The beam tree for drawing: per step the kept and finished candidates plus the few most
 * probable pruned ones, parents re-indexed to rows drawn at the previous step, and the best
 * hypothesis's path marked.
 */
export function compactTree(
  tree: { step: number; candidates: { token: number; parent: number; logProb: number; kept: boolean; finished: boolean; tokens: number[] }[]; beam: number[] }[],
  best: number[],
  piece: (id: number) => string,
  prunedPerStep = TREE_PRUNED_PER_STEP,
): TreeStep[] {
  const out: TreeStep[] = [];
  // Beam slot (a candidate's `parent`) → row drawn at the previous step.
  let parentRow = new Map<number, number>([[0, 0]]);
  for (const step of tree) {
    const rowOf = new Map<number, number>();
    const candidates: TreeStep['candidates'] = [];
    let pruned = 0;
    step.candidates.forEach((c, i) => {
      if (!c.kept && !c.finished && pruned++ >= prunedPerStep) return;
      rowOf.set(i, candidates.length);
      candidates.push({
        token: c.token,
        text: piece(c.token),
        parent: out.length ? (parentRow.get(c.parent) ?? -1) : -1,
        logProb: c.logProb,
        kept: c.kept,
        finished: c.finished,
        best: c.tokens.length <= best.length && c.tokens.every((t, j) => best[j] === t),
      });
    });
    out.push({ step: step.step, candidates, considered: step.candidates.length });
    parentRow = new Map(step.beam.map((candIndex, slot) => [slot, rowOf.get(candIndex)!]));
  }
  return out;
}
