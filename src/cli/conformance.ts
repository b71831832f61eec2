// `tensorloom conformance <folder>`: runs every reference case file in a folder (the format of
// shared/reference/README.md) against the node implementations and reports pass/fail with the
// worst error. Any folder of such files works; nothing here knows the reference file names.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { portsOf, tf, type NodeDef, type NoiseSource, type ParamValues, type TensorInfo } from '../../nodes/api';
import { beamSearch, searchSettings } from '../../nodes/beam-decoder';
import { nodeDef } from '../../nodes/index';
import { dimsAgree, fmtShape, inferNode } from '../../nodes/infer-ctx';
import { resolveParams } from '../../nodes/params';
import { quietNode, useBackend } from '../runtime/backend';
import { CliError, describeFsError, parseArgs, readTextFile, type Command } from './args';

// ---------- the case format ----------

/** Case files hold their numbers inline; this bounds what one file may make us parse. */
const MAX_CASE_BYTES = 64 * 1024 * 1024;

const TensorSchema = z
  .object({
    shape: z.array(z.number().int().min(0).max(1 << 24)).max(8),
    data: z.array(z.number()),
    dtype: z.enum(['int32', 'float32']).optional(),
  })
  .refine((t) => t.data.length === t.shape.reduce((a, b) => a * b, 1), {
    message: 'data length does not match the product of shape',
  });
type CaseTensor = z.infer<typeof TensorSchema>;

const CaseSchema = z.looseObject({
  node: z.string().min(1).max(200),
  params: z.record(z.string(), z.unknown()).default({}),
  inputs: z.record(z.string(), z.unknown()).default({}),
  weights: z.record(z.string(), TensorSchema).default({}),
  noise: z.record(z.string(), TensorSchema).default({}),
  outputs: z.record(z.string(), z.unknown()).refine((o) => Object.keys(o).length > 0, { message: 'no outputs to check' }),
  tolerance: z.object({ atol: z.number().min(0), rtol: z.number().min(0) }),
});
type Case = z.infer<typeof CaseSchema>;
type Tolerance = Case['tolerance'];

const TensorMapSchema = z.record(z.string(), TensorSchema);

/** The stand-in model of a beam-decoder case: prefix (tokens joined) → next-token probabilities. */
const BeamCaseSchema = z.object({
  inputs: z.object({ table: z.record(z.string(), z.record(z.string(), z.number().min(0).max(1))) }),
  outputs: z.object({ sequence: z.array(z.string()), probability: z.number() }),
});

function zodMessage(err: z.ZodError, prefix = ''): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || 'the top level'}: ${i.message}`)
    .join('; ');
}

// ---------- results ----------

export interface CaseResult {
  file: string;
  node: string;
  ok: boolean;
  /** Largest |got − want| over every compared element; set on passing cases. */
  worst?: number;
  reason?: string;
  /** The file was not a case at all (bad JSON or wrong structure). */
  badFile?: boolean;
}

export interface ConformanceReport {
  results: CaseResult[];
  passed: number;
  failed: number;
  /** 0 all passed, 1 a case failed, 2 a file was not a readable case. */
  exitCode: number;
}

/** A failed case: the message is the reason printed on its line. */
class CaseFailure extends Error {}

const fmtNum = (v: number): string => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toPrecision(6) : v.toExponential(3));

/** Flat row-major index → `[i, j, k]`; nothing for a scalar. */
function multiIndex(flat: number, shape: readonly number[]): string {
  if (shape.length === 0) return '';
  const idx: number[] = [];
  for (let a = shape.length - 1; a >= 0; a--) {
    idx.unshift(flat % shape[a]);
    flat = Math.floor(flat / shape[a]);
  }
  return `[${idx.join(', ')}]`;
}

/**
 * |got − want| ≤ atol + rtol·|want| for every element. Returns the largest absolute error, or
 * throws naming the output, how many elements miss and the element with the largest error.
 */
export function compareValues(name: string, got: ArrayLike<number>, want: readonly number[], shape: readonly number[], tol: Tolerance): number {
  let worst = 0;
  let worstAt = 0;
  let worstKey = -1;
  let misses = 0;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= tol.atol + tol.rtol * Math.abs(want[i]))) misses++;
    // A NaN counts as the largest error, so the message points at it.
    const key = Number.isNaN(err) ? Infinity : err;
    if (key > worstKey) {
      worstKey = key;
      worstAt = i;
    }
    if (err > worst) worst = err;
  }
  if (misses === 0) return worst;
  const at = worstAt;
  const err = Math.abs(got[at] - want[at]);
  throw new CaseFailure(
    `output ${name}: ${misses} of ${want.length} elements out of tolerance; worst ${name}${multiIndex(at, shape)} ` +
      `got ${fmtNum(got[at])} want ${fmtNum(want[at])} (error ${fmtNum(err)} > ${fmtNum(tol.atol + tol.rtol * Math.abs(want[at]))})`,
  );
}

// ---------- running one tensor case ----------

const infoOf = (t: CaseTensor): TensorInfo => ({ shape: [...t.shape], dtype: t.dtype === 'int32' ? 'int32' : 'float32' });
const tensorOf = (t: CaseTensor): tf.Tensor => tf.tensor(t.data, t.shape, t.dtype === 'int32' ? 'int32' : 'float32');
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Noise drawn from the case's fixed tensors by key; a key the case lacks is an error. */
function caseNoise(noise: Record<string, CaseTensor>, used: Set<string>): NoiseSource {
  const draw = (key: string, shape: number[]): tf.Tensor => {
    const t = noise[key];
    if (!t) {
      const have = Object.keys(noise);
      throw new CaseFailure(`the node draws noise "${key}" ${fmtShape(shape)} but the case gives ${have.length ? `only ${have.join(', ')}` : 'no noise'}`);
    }
    if (!sameShape(t.shape, shape))
      throw new CaseFailure(`the node draws noise "${key}" of shape ${fmtShape(shape)} but the case's is ${fmtShape(t.shape)}`);
    used.add(key);
    return tensorOf(t);
  };
  return { normal: draw, uniform: draw };
}

/** Shape inference must agree with the case: output shapes (symbolic sizes pass) and weight shapes. */
function checkInference(def: NodeDef, nodeId: string, params: ParamValues, c: Case, inputs: Record<string, CaseTensor>, outputs: Record<string, CaseTensor>): void {
  const ports = portsOf(def, params);
  for (const name of Object.keys(inputs))
    if (!ports.inputs.some((p) => p.name === name))
      throw new CaseFailure(`the case gives input ${name}, but ${def.type} has inputs ${ports.inputs.map((p) => p.name).join(', ') || '(none)'}`);
  const infos: Record<string, TensorInfo> = {};
  for (const [name, t] of Object.entries(inputs)) infos[name] = infoOf(t);
  const inferred = inferNode(def, nodeId, params, infos);
  for (const [name, want] of Object.entries(outputs)) {
    const got = inferred.outputs[name];
    if (!got) throw new CaseFailure(`the case lists output ${name}, but infer() gives only ${Object.keys(inferred.outputs).join(', ')}`);
    if (got.shape.length !== want.shape.length || !got.shape.every((d, i) => dimsAgree(d, want.shape[i])))
      throw new CaseFailure(`infer() gives output ${name} the shape ${fmtShape(got.shape)} but the case expects ${fmtShape(want.shape)}`);
  }
  for (const [name, spec] of Object.entries(inferred.weights)) {
    const given = c.weights[name];
    // Non-trainable state (e.g. a prior) may be left out: the node falls back to its params.
    if (!given) {
      if (spec.trainable === false) continue;
      throw new CaseFailure(`the node needs weight ${name} ${fmtShape(spec.shape)} but the case does not give it`);
    }
    if (!sameShape(given.shape, spec.shape))
      throw new CaseFailure(`weight ${name}: the node sizes it ${fmtShape(spec.shape)} but the case gives ${fmtShape(given.shape)}`);
  }
  for (const name of Object.keys(c.weights))
    if (!inferred.weights[name])
      throw new CaseFailure(`the case gives weight ${name}, but ${def.type} has weights ${Object.keys(inferred.weights).join(', ') || '(none)'}`);
}

function runTensorCase(def: NodeDef, nodeId: string, params: ParamValues, c: Case): number {
  const parsedIn = TensorMapSchema.safeParse(c.inputs);
  if (!parsedIn.success) throw new CaseFailure(`invalid case: ${zodMessage(parsedIn.error, 'inputs')}`);
  const parsedOut = TensorMapSchema.safeParse(c.outputs);
  if (!parsedOut.success) throw new CaseFailure(`invalid case: ${zodMessage(parsedOut.error, 'outputs')}`);
  const inputs = parsedIn.data;
  const outputs = parsedOut.data;
  checkInference(def, nodeId, params, c, inputs, outputs);

  const usedNoise = new Set<string>();
  // A case that gives noise asks the node to sample, as it does in training; every other
  // case runs the node as at inference.
  const training = Object.keys(c.noise).length > 0;
  // Values are copied out inside the tidy, so every tensor of the run is freed when it ends.
  const got: Record<string, { shape: number[]; values: number[] } | undefined> = {};
  tf.tidy(() => {
    const ins: Record<string, tf.Tensor> = {};
    for (const [name, t] of Object.entries(inputs)) ins[name] = tensorOf(t);
    const ws: Record<string, tf.Tensor> = {};
    for (const [name, t] of Object.entries(c.weights)) ws[name] = tensorOf(t);
    const out = def.forward({ nodeId, params, inputs: ins, weights: ws, training, noise: caseNoise(c.noise, usedNoise), step: 0 });
    for (const name of Object.keys(outputs)) {
      const t = out[name];
      got[name] = t ? { shape: t.shape, values: Array.from(t.dataSync()) } : undefined;
    }
  });

  let worst = 0;
  const unused = Object.keys(c.noise).filter((k) => !usedNoise.has(k));
  try {
    for (const [name, want] of Object.entries(outputs)) {
      const g = got[name];
      if (!g) throw new CaseFailure(`forward() did not produce output ${name}`);
      if (!sameShape(g.shape, want.shape))
        throw new CaseFailure(`output ${name} has shape ${fmtShape(g.shape)} but the case expects ${fmtShape(want.shape)}`);
      worst = Math.max(worst, compareValues(name, g.values, want.data, want.shape, c.tolerance));
    }
  } catch (e) {
    // Noise the node never drew is the likely cause of a mismatch; say so.
    if (e instanceof CaseFailure && unused.length) throw new CaseFailure(`${e.message} (the node never drew the case's noise ${unused.join(', ')})`);
    throw e;
  }
  return worst;
}

// ---------- running one beam-decoder case ----------

async function runBeamCase(params: ParamValues, c: Case): Promise<number> {
  const parsed = BeamCaseSchema.safeParse(c);
  if (!parsed.success) throw new CaseFailure(`invalid beam-decoder case: ${zodMessage(parsed.error)}`);
  const { table } = parsed.data.inputs;
  const want = parsed.data.outputs;
  const eos = String(params.eos);
  // Token ids: eos first, then every token in the table in order of appearance.
  const vocab = [eos];
  for (const dist of Object.values(table)) for (const tok of Object.keys(dist)) if (!vocab.includes(tok)) vocab.push(tok);
  // The stand-in model: one probability row per prefix, looked up by its joined tokens. A
  // prefix the table has no row for gets all zeros, which beamSearch treats as a dead end.
  const next = async (prefixes: number[][]): Promise<Float32Array[]> =>
    prefixes.map((prefix) => {
      const dist = table[prefix.map((i) => vocab[i]).join('')] ?? {};
      return Float32Array.from(vocab, (t) => dist[t] ?? 0);
    });
  const rand = (): number => {
    throw new CaseFailure('a sampling beam-decoder case cannot be checked: its draws depend on the random source');
  };
  // params were checked against the beam-decoder's own param specs by resolveParams.
  const settings = searchSettings(params as Parameters<typeof searchSettings>[0], vocab, rand);
  const res = await beamSearch({ start: [], next, ...settings });
  const tokens = res.best.tokens.map((i) => vocab[i] ?? `#${i}`);
  // The expected sequence leaves out a closing eos; so does the comparison.
  const trimEos = (s: string[]) => (s.length && s[s.length - 1] === eos ? s.slice(0, -1) : s);
  const gotSeq = trimEos(tokens);
  const wantSeq = trimEos(want.sequence);
  if (gotSeq.join('\u0000') !== wantSeq.join('\u0000'))
    throw new CaseFailure(`output sequence: got ${gotSeq.join(' ') || '(empty)'} want ${wantSeq.join(' ') || '(empty)'}`);
  return compareValues('probability', [res.best.probability], [want.probability], [1], c.tolerance);
}

// ---------- the folder ----------

function listCaseFiles(folder: string): string[] {
  let entries: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new CliError(`${folder} is a file; expected a folder of case files`);
    entries = readdirSync(folder);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(describeFsError(folder, e));
  }
  const files = entries.filter((f) => f.toLowerCase().endsWith('.json')).sort();
  if (files.length === 0) throw new CliError(`${folder} holds no *.json case files`);
  return files;
}

async function runCaseFile(folder: string, file: string): Promise<CaseResult> {
  let raw: unknown;
  try {
    raw = JSON.parse(readTextFile(path.join(folder, file), MAX_CASE_BYTES));
  } catch (e) {
    const msg = e instanceof SyntaxError ? `not valid JSON: ${e.message.replace(/\s+/g, ' ')}` : (e as Error).message;
    return { file, node: '?', ok: false, reason: msg, badFile: true };
  }
  const parsed = CaseSchema.safeParse(raw);
  if (!parsed.success) {
    const node = typeof (raw as { node?: unknown })?.node === 'string' ? (raw as { node: string }).node : '?';
    return { file, node, ok: false, reason: `invalid case: ${zodMessage(parsed.error)}`, badFile: true };
  }
  const c = parsed.data;
  try {
    const def = nodeDef(c.node);
    if (!def) throw new CaseFailure(`unknown node type "${c.node}"`);
    const { params, problems } = resolveParams(def.params, c.params);
    if (problems.length) throw new CaseFailure(problems.map((p) => p.message).join('; '));
    const nodeId = file.replace(/\.json$/i, '');
    const worst = c.node === 'beam-decoder' ? await runBeamCase(params, c) : runTensorCase(def, nodeId, params, c);
    return { file, node: c.node, ok: true, worst };
  } catch (e) {
    // Node errors (shape mismatches) and tfjs errors fail the case; they do not stop the run.
    return { file, node: c.node, ok: false, reason: (e as Error).message };
  }
}

export function formatResult(r: CaseResult): string {
  return r.ok ? `PASS ${r.file} ${r.node} worst=${fmtNum(r.worst ?? 0)}` : `FAIL ${r.file} ${r.node} ${(r.reason ?? '').replace(/\s*\n\s*/g, '; ')}`;
}

/**
 * Runs every *.json case in `folder`, printing one line per case and the closing count.
 * A missing or empty folder is a CliError (exit 2); a file that is not a case fails its line
 * and makes the exit code 2.
 */
export async function runConformance(
  folder: string,
  opts: { backend?: 'cpu' | 'wasm'; log?: (line: string) => void } = {},
): Promise<ConformanceReport> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const files = listCaseFiles(folder);
  quietNode();
  await useBackend(opts.backend ?? 'cpu');
  const results: CaseResult[] = [];
  for (const file of files) {
    const r = await runCaseFile(folder, file);
    results.push(r);
    log(formatResult(r));
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  log(`${passed} passed, ${failed} failed`);
  return { results, passed, failed, exitCode: results.some((r) => r.badFile) ? 2 : failed ? 1 : 0 };
}

const USAGE = `usage: tensorloom conformance <folder> [--backend cpu|wasm]

Runs every *.json reference case in <folder> (format: shared/reference/README.md) and prints
PASS/FAIL per case with the worst error, then "N passed, N failed".
Exit code: 0 all passed, 1 a case failed, 2 the folder is missing/empty or a file is not a case.`;

export const conformanceCommand: Command = {
  name: 'conformance',
  summary: 'check node implementations against a folder of reference cases',
  usage: USAGE,
  async run(argv) {
    const { flags, positional } = parseArgs(argv, { backend: { kind: 'choice', options: ['cpu', 'wasm'] as const } }, { min: 1, max: 1, names: ['folder'] });
    const report = await runConformance(positional[0], { backend: flags.backend });
    return report.exitCode;
  },
};
