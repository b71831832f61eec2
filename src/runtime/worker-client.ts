// The page's handle on the training worker: promise-based requests, and one observable state
// (graph info, training status, the report history for the chart) that the Train and Run
// panels both read. No React here; panels subscribe with useSyncExternalStore.
import type { Graph } from '../graph/schema';
import type { BackendChoice } from './backend';
import type {
  FromWorker,
  GraphInfo,
  RequestOf,
  RequestType,
  ResultOf,
  StatusEvent,
  ToWorker,
  TrainReport,
  WorkerEvent,
} from './worker-protocol';

/** What the client needs of a Worker (a real one, or an in-process stand-in in tests). */
export interface WorkerLike {
  postMessage(msg: ToWorker): void;
  onmessage: ((e: { data: FromWorker }) => void) | null;
  onerror?: ((e: { message?: string }) => void) | null;
  terminate(): void;
}

export interface RuntimeState {
  /** The worker has started its backend. */
  ready: boolean;
  backendChoice: BackendChoice;
  /** WebGL runs on a real GPU in this browser (what auto decides on). */
  hardwareWebgl?: boolean;
  info?: GraphInfo;
  status: StatusEvent;
  /** A pause or stop was asked for and takes effect at the next report. */
  pending?: 'pausing' | 'stopping';
  /** Every report of the current weights' training, oldest first (the chart's data). */
  reports: TrainReport[];
  /** The worker is compiling the latest graph edit. */
  syncing: boolean;
  /** The last request that failed, for a notice in the panel. */
  error?: string;
}

export class RequestError extends Error {
  constructor(message: string, public kind?: string) {
    super(message);
    this.name = kind ?? 'RequestError';
  }
}

/** Reports kept for the chart; older ones are thinned to every other one beyond this. */
const MAX_REPORTS = 4000;
/** Graph edits are sent after this quiet time (typing in a param field is one edit). */
export const GRAPH_DEBOUNCE_MS = 250;

const BACKEND_KEY = 'tensorloom.backend';

function savedBackend(): BackendChoice {
  try {
    const v = localStorage.getItem(BACKEND_KEY);
    if (v === 'auto' || v === 'webgl' || v === 'wasm' || v === 'cpu') return v;
  } catch {
    // storage blocked
  }
  return 'auto';
}

export class RuntimeClient {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private listeners = new Set<() => void>();
  private state: RuntimeState;
  private sentGraph?: Graph;
  private queuedGraph?: Graph;
  private queuedFresh = false;
  /** The document generation (store loadCount) of the graph last given. */
  private generation?: number;
  private graphTimer?: ReturnType<typeof setTimeout>;
  private graphSync: Promise<unknown> = Promise.resolve();
  private started?: Promise<unknown>;

  constructor(private worker: WorkerLike, backendChoice: BackendChoice = 'auto') {
    this.state = {
      ready: false,
      backendChoice,
      status: { type: 'status', state: 'idle', step: 0, backend: 'cpu' },
      reports: [],
      syncing: false,
    };
    worker.onmessage = (e) => this.receive(e.data);
    worker.onerror = (e) => this.set({ error: `the training worker failed: ${e.message ?? 'unknown error'}` });
  }

  getState = (): RuntimeState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<RuntimeState>): void {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l());
  }

  /** Starts the worker's backend once; every request waits for it. */
  start(): Promise<unknown> {
    this.started ??= this.send({ type: 'init', backend: this.state.backendChoice }).then((r) =>
      this.set({ ready: true, hardwareWebgl: r.hardwareWebgl, status: { ...this.state.status, backend: r.backend } }),
    );
    return this.started;
  }

  /** One request; resolves with its result or rejects with the worker's error message. */
  request<T extends RequestType>(request: RequestOf<T>): Promise<ResultOf[T]> {
    return (request.type === 'init' ? Promise.resolve() : this.start()).then(() => this.send(request));
  }

  private send<T extends RequestType>(request: RequestOf<T>): Promise<ResultOf[T]> {
    const id = this.nextId++;
    return new Promise<ResultOf[T]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, request });
    });
  }

  /** Like request, but a failure is also kept in state.error for the panel to show. */
  async act<T extends RequestType>(request: RequestOf<T>): Promise<ResultOf[T] | undefined> {
    try {
      this.set({ error: undefined });
      return await this.request(request);
    } catch (e) {
      this.set({ error: (e as Error).message });
      return undefined;
    }
  }

  private receive(msg: FromWorker): void {
    if (msg.kind === 'event') return this.onEvent(msg.event);
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new RequestError(msg.error, msg.name));
  }

  private onEvent(ev: WorkerEvent): void {
    switch (ev.type) {
      case 'status': {
        // Weights were reset, reloaded or re-initialised: the chart restarts from the new step.
        const reports = this.state.reports.filter((r) => r.step <= ev.step);
        const pending = ev.state === 'running' ? this.state.pending : undefined;
        this.set({ status: ev, reports: reports.length === this.state.reports.length ? this.state.reports : reports, pending });
        break;
      }
      case 'report': {
        let reports = [...this.state.reports.filter((r) => r.step < ev.report.step), ev.report];
        if (reports.length > MAX_REPORTS) reports = reports.filter((_, i) => i % 2 === 0 || i > reports.length - 100);
        this.set({ reports, status: { ...this.state.status, step: ev.report.step, run: ev.run ?? this.state.status.run } });
        break;
      }
      case 'graph':
        this.set({ info: ev.info });
        break;
    }
  }

  // ---------- the graph ----------

  /** The document generation last given to setGraph. */
  get currentGeneration(): number | undefined {
    return this.generation;
  }

  /** The latest graph given to setGraph (sent or about to be). */
  get currentGraph(): Graph | undefined {
    return this.queuedGraph ?? this.sentGraph;
  }

  /**
   * Sends the graph after a short quiet time; the same document is sent once. `generation`
   * (the store's loadCount) tells an edit from another document: when it changes, no weights
   * carry over from the previous graph.
   */
  setGraph(graph: Graph, opts: { generation?: number } = {}): void {
    const another = opts.generation !== undefined && this.generation !== undefined && opts.generation !== this.generation;
    if (opts.generation !== undefined) this.generation = opts.generation;
    if (graph === this.sentGraph || graph === this.queuedGraph) return;
    if (another) this.queuedFresh = true;
    this.queuedGraph = graph;
    clearTimeout(this.graphTimer);
    const first = this.sentGraph === undefined;
    this.set({ syncing: true });
    this.graphTimer = setTimeout(() => void this.flushGraph(), first ? 0 : GRAPH_DEBOUNCE_MS);
  }

  /** Sends a queued graph now and waits until the worker has compiled it. */
  async flushGraph(): Promise<void> {
    clearTimeout(this.graphTimer);
    const graph = this.queuedGraph;
    if (graph) {
      const fresh = this.queuedFresh;
      this.queuedGraph = undefined;
      this.queuedFresh = false;
      this.sentGraph = graph;
      this.graphSync = this.request({ type: 'setGraph', graph, fresh })
        .then((info) => this.set({ info }))
        .catch((e: Error) => this.set({ error: e.message }));
    }
    await this.graphSync;
    if (!this.queuedGraph) this.set({ syncing: false });
  }

  // ---------- training controls ----------

  async startTraining(): Promise<void> {
    await this.flushGraph();
    await this.act({ type: 'start' });
  }

  async resume(): Promise<void> {
    await this.flushGraph();
    await this.act({ type: 'resume' });
  }

  async pause(): Promise<void> {
    if (this.state.status.state === 'running') this.set({ pending: 'pausing' });
    await this.act({ type: 'pause' });
  }

  async stop(): Promise<void> {
    if (this.state.status.state === 'running') this.set({ pending: 'stopping' });
    await this.act({ type: 'stop' });
  }

  async stepOnce(): Promise<void> {
    await this.flushGraph();
    await this.act({ type: 'stepOnce' });
  }

  async resetWeights(): Promise<void> {
    await this.flushGraph();
    const r = await this.act({ type: 'resetWeights' });
    if (r) this.set({ reports: [] });
  }

  async setBackend(choice: BackendChoice): Promise<void> {
    try {
      localStorage.setItem(BACKEND_KEY, choice);
    } catch {
      // not remembered
    }
    this.set({ backendChoice: choice });
    await this.flushGraph();
    const info = await this.act({ type: 'setBackend', backend: choice });
    if (info) this.set({ info });
  }

  /** Loads a weights file; on success the chart restarts (the history belonged to other weights). */
  async loadWeights(file: unknown): Promise<ResultOf['loadWeights']> {
    await this.flushGraph();
    const r = await this.request({ type: 'loadWeights', file });
    if (r.ok) this.set({ reports: [] });
    return r;
  }

  dispose(): void {
    clearTimeout(this.graphTimer);
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new RequestError('the training worker was closed'));
    this.pending.clear();
  }
}

let shared: RuntimeClient | undefined;

/** The page's one training worker, started on first use. */
export function getRuntime(): RuntimeClient {
  if (!shared) {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'tensorloom-training' });
    shared = new RuntimeClient(worker as unknown as WorkerLike, savedBackend());
    void shared.start();
  }
  return shared;
}
