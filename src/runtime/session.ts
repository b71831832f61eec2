// A Session runs a compiled Program: weights, optimizer, data, the training loop (values read
// back only every N steps), the NaN guard, evaluation, weight files and generation.
import type { DataSource, NoiseSource } from '../../nodes/api';
import { tf } from '../../nodes/tf';
import { compile, portKey, type Program, type TensorMap } from '../compiler/program';
import { formatProblem, type Problem } from '../graph/problems';
import type { Graph, TrainingSettings } from '../graph/schema';
import { useBackend, type BackendChoice, type BackendName } from './backend';
import { initialValue } from './init';
import { Adam } from './optimizer';
import { hashSeed, mulberry32, seededNoise } from './random';
import { decodeWeights, encodeWeights, type WeightsFile } from './weights-file';
import { findBadValue } from './nan-guard';

export class CompileError extends Error {
  constructor(public problems: Problem[]) {
    super(problems.filter((p) => p.severity === 'error').map(formatProblem).join('\n'));
    this.name = 'CompileError';
  }
}

/** Training stopped because a value went NaN or infinite; weights were restored. */
export class NonFiniteError extends Error {
  constructor(public step: number, public where: string) {
    super(`training stopped at step ${step}: ${where}. The weights from before were kept.`);
    this.name = 'NonFiniteError';
  }
}

export interface TrainReport {
  step: number;
  /** Each loss term by label, and `total`. */
  losses: Record<string, number>;
  /** Held-out loss terms, when a validation pass ran at this report. */
  val?: Record<string, number>;
  stepsPerSec: number;
  tokensPerSec: number;
  gradNorm: number;
}

export interface SessionOptions {
  backend?: BackendChoice;
  /** Overrides graph.training.seed. */
  seed?: number;
  /** Replaces the seeded noise (tests, conformance). */
  noise?: NoiseSource;
}

let sessionCount = 0;

export class Session {
  readonly program: Program;
  readonly backend: BackendName;
  readonly settings: TrainingSettings;
  step = 0;
  readonly data = new Map<string, DataSource>();
  private vars = new Map<string, tf.Variable>();
  private optimizer: Adam;
  private noise: NoiseSource;
  private rand = new Map<string, () => number>();
  private feedback = new Map<string, tf.Tensor>();
  private snapshot = new Map<string, tf.Tensor>();
  private readonly id = ++sessionCount;
  private seed: number;

  private constructor(program: Program, backend: BackendName, opts: SessionOptions) {
    this.program = program;
    this.backend = backend;
    this.settings = program.graph.training;
    this.seed = opts.seed ?? this.settings.seed;
    this.noise = opts.noise ?? seededNoise(this.seed);
    this.optimizer = new Adam(this.settings);
    for (const src of program.sources) {
      this.data.set(src.id, src.def.openData!(src.params));
      this.rand.set(src.id, mulberry32(hashSeed(this.seed, `data:${src.id}`)));
    }
    this.initWeights();
  }

  static async create(graph: Graph, opts: SessionOptions = {}): Promise<Session> {
    const backend = await useBackend(opts.backend ?? 'auto');
    const c = compile(graph);
    if (!c.ok) throw new CompileError(c.problems);
    return new Session(c.program, backend, opts);
  }

  get batchSize(): number {
    if (this.settings.batchSize) return this.settings.batchSize;
    const src = this.program.sources[0];
    return typeof src?.params.batchSize === 'number' ? src.params.batchSize : 32;
  }

  private initWeights(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
    for (const w of this.program.weights) {
      const value = initialValue(w.spec, this.seed, w.key);
      this.vars.set(w.key, tf.variable(value, w.spec.trainable !== false, `s${this.id}:${w.key}`));
      value.dispose();
    }
  }

  /** Re-initialises every weight and the optimizer state; the step counter restarts. */
  resetWeights(): void {
    this.initWeights();
    this.optimizer.dispose();
    this.clearFeedback();
    this.step = 0;
  }

  private clearFeedback(): void {
    for (const t of this.feedback.values()) t.dispose();
    this.feedback.clear();
  }

  /** Host-built batch for every data source, keyed by portKey. */
  makeFeeds(split: 'train' | 'val', batchSize = this.batchSize): TensorMap {
    const feeds: TensorMap = new Map();
    for (const [id, src] of this.data) {
      const batch = src.batch(split, batchSize, this.rand.get(id)!);
      for (const [port, t] of Object.entries(batch)) feeds.set(portKey(id, port), t);
    }
    return feeds;
  }

  private tokensPerStep(): number {
    let n = 0;
    for (const id of this.data.keys()) {
      const shape = this.program.analysis.shapes.get(id)?.outputs;
      const tok = shape?.tokens ?? shape?.tgtIn ?? shape?.images;
      if (tok) n += tok.shape.reduce<number>((a, d) => a * (typeof d === 'number' ? d : this.batchSize), 1);
    }
    return n;
  }

  get weightsMap(): Map<string, tf.Tensor> {
    return this.vars as Map<string, tf.Tensor>;
  }

  /**
   * One optimisation step. When `collect` is set, returns the loss terms, total and gradient
   * norm as kept scalars (the caller reads and disposes them); otherwise nothing is read back.
   */
  trainStep(collect: boolean): { terms: tf.Scalar[]; total: tf.Scalar; gradNorm: tf.Scalar } | undefined {
    if (this.program.lossTerms.length === 0) throw new Error('the graph has no loss node, so it cannot be trained');
    const feeds = this.makeFeeds('train');
    const fed: TensorMap = new Map([...feeds, ...this.feedback]);
    const trainable = new Map([...this.vars].filter(([, v]) => v.trainable));
    let terms: tf.Scalar[] = [];
    const newFeedback: [string, tf.Tensor][] = [];
    const result = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const values = this.program.forward(fed, this.vars, { training: true, noise: this.noise, step: this.step });
        terms = this.program.lossTerms.map((t) => values.get(portKey(t.nodeId, t.port)) as tf.Scalar);
        for (const e of this.program.analysis.flat.edges.filter((x) => x.feedback)) {
          const v = values.get(portKey(e.source, e.sourcePort));
          if (v) newFeedback.push([portKey(e.target, e.targetPort), tf.keep(v.clone())]);
        }
        if (collect) terms.forEach((t) => tf.keep(t));
        return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
      }, [...trainable.values()]);
      const byKey: Record<string, tf.Tensor> = {};
      for (const [key, v] of trainable) if (grads[v.name]) byKey[key] = grads[v.name];
      const gradNorm = this.optimizer.apply(trainable, byKey);
      return collect ? { total: value, gradNorm } : undefined;
    });
    for (const t of feeds.values()) t.dispose();
    this.clearFeedback();
    for (const [k, t] of newFeedback) this.feedback.set(k, t);
    this.step++;
    if (!collect) return undefined;
    return { terms, total: result!.total, gradNorm: result!.gradNorm };
  }

  private labels(): string[] {
    const seen = new Map<string, number>();
    return this.program.lossTerms.map((t) => {
      const n = (seen.get(t.label) ?? 0) + 1;
      seen.set(t.label, n);
      return n > 1 ? `${t.label}#${n}` : t.label;
    });
  }

  /** Loss terms on held-out batches, averaged. */
  async evaluate(batches = 1): Promise<Record<string, number>> {
    const sums = new Array(this.program.lossTerms.length + 1).fill(0);
    for (let b = 0; b < batches; b++) {
      const feeds = this.makeFeeds('val');
      const stacked = tf.tidy(() => {
        const values = this.program.forward(feeds, this.vars, { training: false, noise: this.noise, step: this.step });
        const terms = this.program.lossTerms.map((t) => values.get(portKey(t.nodeId, t.port))!);
        return tf.stack([...terms, tf.addN(terms)]);
      });
      const data = await stacked.data();
      stacked.dispose();
      for (const t of feeds.values()) t.dispose();
      data.forEach((x, i) => (sums[i] += x / batches));
    }
    const out: Record<string, number> = {};
    this.labels().forEach((l, i) => (out[l] = sums[i]));
    out.total = sums[sums.length - 1];
    return out;
  }

  private takeSnapshot(): void {
    for (const t of this.snapshot.values()) t.dispose();
    this.snapshot.clear();
    for (const [k, v] of this.vars) this.snapshot.set(k, tf.keep(v.clone()));
  }

  private restoreSnapshot(): void {
    for (const [k, t] of this.snapshot) this.vars.get(k)!.assign(t);
  }

  /**
   * Trains `steps` steps, reading values back every `reportEvery` steps (and at the end).
   * `shouldStop` is polled at each report; the loop yields to the event loop there.
   */
  async train(
    steps: number,
    opts: { reportEvery?: number; validateEvery?: number; onReport?: (r: TrainReport) => void; shouldStop?: () => boolean } = {},
  ): Promise<TrainReport | undefined> {
    const every = opts.reportEvery ?? this.settings.reportEvery;
    const validateEvery = opts.validateEvery ?? this.settings.validateEvery;
    const labels = this.labels();
    const tokens = this.tokensPerStep();
    if (this.snapshot.size === 0) this.takeSnapshot();
    let last: TrainReport | undefined;
    let t0 = performance.now();
    let since = 0;
    for (let i = 0; i < steps; i++) {
      const report = (i + 1) % every === 0 || i === steps - 1;
      const r = this.trainStep(report);
      since++;
      if (!r) continue;
      const all = tf.stack([...r.terms, r.total, r.gradNorm]);
      r.terms.forEach((t) => t.dispose());
      r.total.dispose();
      r.gradNorm.dispose();
      const data = await all.data();
      all.dispose();
      const dt = (performance.now() - t0) / 1000;
      const losses: Record<string, number> = {};
      labels.forEach((l, j) => (losses[l] = data[j]));
      losses.total = data[labels.length];
      if (!Array.from(data).every(Number.isFinite)) {
        const after = this.findBadValue();
        this.restoreSnapshot();
        this.step -= since;
        // A NaN gradient spoils every weight at once, so name the node whose output goes bad
        // with the last good weights when there is one; else the first weight the update broke.
        const before = this.findBadValue();
        throw new NonFiniteError(this.step + since, before.startsWith('the output') ? before : after);
      }
      this.takeSnapshot();
      last = { step: this.step, losses, stepsPerSec: since / dt, tokensPerSec: (since * tokens) / dt, gradNorm: data[labels.length + 1] };
      if (validateEvery > 0 && this.step % validateEvery < since) last.val = await this.evaluate(1);
      opts.onReport?.(last);
      t0 = performance.now();
      since = 0;
      if (opts.shouldStop?.()) break;
    }
    return last;
  }

  /** Names the first weight or node output that is NaN/∞, on a fresh training batch. */
  findBadValue(): string {
    const feeds = this.makeFeeds('train');
    try {
      return findBadValue(this.program, feeds, this.vars, this.noise, this.step);
    } finally {
      for (const t of feeds.values()) t.dispose();
    }
  }

  async saveWeights(): Promise<WeightsFile> {
    const values = new Map<string, { shape: number[]; data: Float32Array }>();
    for (const w of this.program.weights) {
      const v = this.vars.get(w.key)!;
      values.set(w.key, { shape: v.shape, data: (await v.data()) as Float32Array });
    }
    return encodeWeights(values, { graphName: this.program.graph.name, step: this.step });
  }

  /** Assigns every weight from a file, or none: the errors name each node and weight that disagree. */
  loadWeights(file: unknown): { ok: true } | { ok: false; errors: string[] } {
    const r = decodeWeights(file, this.program.weights);
    if (!r.ok) return r;
    for (const w of this.program.weights) {
      const t = tf.tensor(r.values.get(w.key)!, w.spec.shape);
      this.vars.get(w.key)!.assign(t);
      t.dispose();
    }
    const step = (file as WeightsFile).step;
    if (typeof step === 'number') this.step = step;
    this.takeSnapshot();
    return { ok: true };
  }

  /** Copies another session's weights where keys and shapes agree (after unrelated edits). */
  adoptWeights(from: Map<string, tf.Tensor>): number {
    let n = 0;
    for (const [k, v] of this.vars) {
      const src = from.get(k);
      if (src && src.shape.join() === v.shape.join()) {
        v.assign(src);
        n++;
      }
    }
    return n;
  }

  /** Runs the graph on a held-out batch and returns the requested outputs (kept; caller disposes). */
  run(targets: { nodeId: string; port: string }[], split: 'train' | 'val' = 'val', batchSize?: number, feedsIn?: TensorMap): TensorMap {
    const feeds = feedsIn ?? this.makeFeeds(split, batchSize);
    // tidy keeps tensors of a returned plain object (not of a Map), so return a record.
    const record = tf.tidy(() => {
      const values = this.program.forward(feeds, this.vars, { training: false, noise: this.noise, step: this.step, targets });
      const kept: Record<string, tf.Tensor> = {};
      for (const [k, t] of values) kept[k] = t.clone();
      return kept;
    });
    if (!feedsIn) for (const t of feeds.values()) t.dispose();
    return new Map(Object.entries(record));
  }

  get noiseSource(): NoiseSource {
    return this.noise;
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
    this.optimizer.dispose();
    this.clearFeedback();
    for (const t of this.snapshot.values()) t.dispose();
    this.snapshot.clear();
  }
}
