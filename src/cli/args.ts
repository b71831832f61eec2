// Shared pieces of the command line: the error type main turns into `tensorloom: …` and an
// exit code, the command table entry, a small flag parser, and reading a graph file.
import { readFileSync, statSync } from 'node:fs';
import { loadGraphText } from '../graph/load';
import { LIMITS } from '../graph/limits';
import { formatProblem, type Problem } from '../graph/problems';
import type { Graph } from '../graph/schema';

/**
 * A failure caused by what the user gave (a flag, a file, a graph): main prints its message
 * as `tensorloom: <message>` with no stack trace and exits with `exitCode`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    public exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** One subcommand. Adding a command = a file exporting one of these + one line in main.ts. */
export interface Command {
  name: string;
  /** One line for the command list in `tensorloom --help`. */
  summary: string;
  /** Full usage text for `tensorloom <name> --help`. */
  usage: string;
  /** Arguments after the command name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

// ---------- flags ----------

export type FlagSpec =
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'number'; min?: number; max?: number }
  | { kind: 'string' }
  | { kind: 'choice'; options: readonly string[] }
  | { kind: 'bool' };

type FlagValue<S extends FlagSpec> = S extends { kind: 'bool' }
  ? boolean
  : S extends { kind: 'int' | 'number' }
    ? number | undefined
    : S extends { kind: 'choice'; options: readonly (infer O)[] }
      ? O | undefined
      : string | undefined;

export type Flags<S extends Record<string, FlagSpec>> = { [K in keyof S]: FlagValue<S[K]> };

export interface ParsedArgs<S extends Record<string, FlagSpec>> {
  flags: Flags<S>;
  positional: string[];
}

function parseValue(flag: string, spec: FlagSpec, text: string): unknown {
  switch (spec.kind) {
    case 'int':
    case 'number': {
      const trimmed = text.trim();
      const v = trimmed === '' ? NaN : Number(trimmed);
      if (!Number.isFinite(v)) throw new CliError(`--${flag} must be a number, got "${text}"`);
      if (spec.kind === 'int' && !Number.isInteger(v)) throw new CliError(`--${flag} must be a whole number, got "${text}"`);
      if (spec.min !== undefined && v < spec.min) throw new CliError(`--${flag} must be at least ${spec.min}, got ${v}`);
      if (spec.max !== undefined && v > spec.max) throw new CliError(`--${flag} must be at most ${spec.max}, got ${v}`);
      return v;
    }
    case 'choice':
      if (!spec.options.includes(text)) throw new CliError(`--${flag} must be one of ${spec.options.join(', ')}, got "${text}"`);
      return text;
    case 'string':
      return text;
    case 'bool':
      // Booleans never take a value from the next argument; `--x=false` is the only spelling.
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw new CliError(`--${flag} is a switch; write --${flag} or --${flag}=false, not "${text}"`);
  }
}

/**
 * Parses `--name value`, `--name=value`, boolean `--name`, and positional arguments; `--`
 * ends the flags. Unknown or repeated flags, missing values and bad numbers are CliErrors.
 * `positional` bounds the number of positional arguments; `names` labels them in messages.
 */
export function parseArgs<S extends Record<string, FlagSpec>>(
  argv: readonly string[],
  spec: S,
  positional: { min: number; max: number; names: string[] } = { min: 0, max: 0, names: [] },
): ParsedArgs<S> {
  const values: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(spec)) values[name] = s.kind === 'bool' ? false : undefined;
  const seen = new Set<string>();
  const rest: string[] = [];
  let onlyPositional = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositional || !arg.startsWith('--') || arg === '-') {
      if (!onlyPositional && arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg))
        throw new CliError(`unknown option ${arg}; options are written --name`);
      rest.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositional = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!Object.prototype.hasOwnProperty.call(spec, name)) {
      const known = Object.keys(spec).map((n) => `--${n}`);
      throw new CliError(`unknown option --${name}${known.length ? ` (options: ${known.join(', ')})` : ' (this command takes no options)'}`);
    }
    if (seen.has(name)) throw new CliError(`--${name} is given more than once`);
    seen.add(name);
    const s = spec[name];
    let text: string;
    if (eq >= 0) text = arg.slice(eq + 1);
    else if (s.kind === 'bool') text = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new CliError(`--${name} needs a value`);
      text = next;
      i++;
    }
    values[name] = parseValue(name, s, text);
  }
  if (rest.length < positional.min) {
    const missing = positional.names.slice(rest.length, positional.min).map((n) => `<${n}>`).join(' ');
    throw new CliError(`missing ${missing || 'arguments'}`);
  }
  if (rest.length > positional.max)
    throw new CliError(`unexpected argument "${rest[positional.max]}"${positional.max === 0 ? '' : ` after ${positional.names.map((n) => `<${n}>`).join(' ')}`}`);
  return { flags: values as Flags<S>, positional: rest };
}

// ---------- files ----------

/** Node's error codes for file reads, said in words. */
export function describeFsError(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${path}: no such file or folder`;
  if (code === 'EISDIR') return `${path} is a folder, expected a file`;
  if (code === 'ENOTDIR') return `${path}: a part of the path is not a folder`;
  if (code === 'EACCES' || code === 'EPERM') return `${path}: permission denied`;
  return `${path}: ${(e as Error).message}`;
}

/** Reads a UTF-8 file, refusing ones larger than `maxBytes` before reading them. */
export function readTextFile(path: string, maxBytes: number): string {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new CliError(`${path} is a folder, expected a file`);
    if (st.size > maxBytes)
      throw new CliError(`${path} is ${(st.size / 1048576).toFixed(1)} MB; the limit is ${(maxBytes / 1048576).toFixed(0)} MB`);
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(describeFsError(path, e));
  }
}

/**
 * Reads and validates a graph file. Every problem the loader finds is listed in the error;
 * warnings (e.g. migration notes) come back for the caller to print.
 */
export function readGraphFile(path: string): { graph: Graph; warnings: Problem[] } {
  const text = readTextFile(path, LIMITS.fileBytes);
  const res = loadGraphText(text);
  if (!res.ok) {
    const n = res.problems.filter((p) => p.severity === 'error').length;
    throw new CliError(
      `${path} is not a valid graph (${n} problem${n === 1 ? '' : 's'}):\n` + res.problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
  }
  return { graph: res.graph, warnings: res.problems };
}
