import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError, parseArgs, readGraphFile } from './args';
import { COMMANDS, main } from './main';

const BIN = path.resolve(__dirname, '../../bin/tensorloom.mjs');
const FIXTURES = path.resolve(__dirname, 'fixtures/cases');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real launcher from an unrelated working directory, as `npx tensorloom` would. */
function tensorloom(...args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: tmpdir(), timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: unknown }).code as number | null) : 0;
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}

const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

describe('tensorloom command line (subprocess)', () => {
  // Started together: each process spends most of its time loading, not computing.
  let unknown: Ran, missing: Ran, pass: Ran;
  beforeAll(async () => {
    [unknown, missing, pass] = await Promise.all([
      tensorloom('frobnicate'),
      tensorloom('conformance', 'no/such/folder'),
      tensorloom('conformance', FIXTURES, '--backend', 'cpu'),
    ]);
  }, 60_000);

  it('an unknown command prints the usage and exits 2', () => {
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('tensorloom: unknown command "frobnicate"');
    expect(unknown.stderr).toMatch(/usage: tensorloom <command>[\s\S]*conformance/);
  });

  it('conformance on a missing folder exits 2 with a message and no stack trace', () => {
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('tensorloom: no/such/folder: no such file or folder');
    expect(missing.stderr).not.toMatch(STACK_LINE);
    expect(missing.stdout).toBe('');
  });

  it('conformance runs a folder from any working directory and exits 0 when all pass', () => {
    expect(pass.stderr).toBe('');
    expect(pass.code).toBe(0);
    expect(pass.stdout.trim().split('\n').at(-1)).toBe('5 passed, 0 failed');
  });

});

describe('main (in process)', () => {
  /** Calls main with stdout and stderr captured. */
  async function runMain(...argv: string[]): Promise<Ran> {
    const out: string[] = [];
    const err: string[] = [];
    const so = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    const se = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
    try {
      const code = await main(argv);
      return { code, stdout: out.join(''), stderr: err.join('') };
    } finally {
      so.mockRestore();
      se.mockRestore();
    }
  }

  it('--help lists the commands and exits 0; no command prints the usage and exits 2', async () => {
    const help = await runMain('--help');
    expect(help.code).toBe(0);
    for (const line of [/\n\s+train\s+train a graph JSON/, /\n\s+generate\s+generate text/, /\n\s+conformance\s+check node implementations/, /\n\s+bench\s+compiled vs handwritten/])
      expect(help.stdout).toMatch(line);
    const none = await runMain();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: tensorloom <command>');
  });

  it('<command> --help prints that command\'s usage', async () => {
    const r = await runMain('conformance', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: tensorloom conformance <folder> \[--backend cpu\|wasm\]/);
  });

  it('a bad flag value exits 2 naming the flag and its choices', async () => {
    const r = await runMain('conformance', FIXTURES, '--backend', 'gpu');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('tensorloom: --backend must be one of cpu, wasm, got "gpu"\n');
    const missingArg = await runMain('conformance');
    expect(missingArg.code).toBe(2);
    expect(missingArg.stderr).toBe('tensorloom: missing <folder>\n');
  });

  it('every command in the table has a unique name, a summary and a usage line', () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    for (const c of COMMANDS) {
      expect(c.summary.length).toBeGreaterThan(0);
      expect(c.usage).toMatch(new RegExp(`^usage: tensorloom ${c.name}`));
    }
  });
});

describe('parseArgs', () => {
  const spec = {
    steps: { kind: 'int', min: 1 },
    lr: { kind: 'number', min: 0 },
    backend: { kind: 'choice', options: ['cpu', 'wasm'] },
    out: { kind: 'string' },
    quiet: { kind: 'bool' },
  } as const;
  const one = { min: 1, max: 1, names: ['graph.json'] };

  it('reads flags in both spellings, booleans and positionals', () => {
    const { flags, positional } = parseArgs(['g.json', '--steps', '20', '--lr=0.5', '--quiet', '--backend', 'wasm', '--out', 'w.bin'], spec, one);
    expect(positional).toEqual(['g.json']);
    expect(flags).toEqual({ steps: 20, lr: 0.5, backend: 'wasm', out: 'w.bin', quiet: true });
    const defaults = parseArgs(['g.json'], spec, one).flags;
    expect(defaults).toEqual({ steps: undefined, lr: undefined, backend: undefined, out: undefined, quiet: false });
    expect(parseArgs(['--', '--odd-name.json'], spec, one).positional).toEqual(['--odd-name.json']);
  });

  it('rejects bad input with messages that name the flag', () => {
    const err = (argv: string[]) => {
      try {
        parseArgs(argv, spec, one);
      } catch (e) {
        expect(e).toBeInstanceOf(CliError);
        expect((e as CliError).exitCode).toBe(2);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err(['g', '--steps', 'ten'])).toBe('--steps must be a number, got "ten"');
    expect(err(['g', '--steps', '2.5'])).toBe('--steps must be a whole number, got "2.5"');
    expect(err(['g', '--steps', '0'])).toBe('--steps must be at least 1, got 0');
    expect(err(['g', '--steps'])).toBe('--steps needs a value');
    expect(err(['g', '--steps', '--quiet'])).toBe('--steps needs a value');
    expect(err(['g', '--steps', '3', '--steps', '4'])).toBe('--steps is given more than once');
    expect(err(['g', '--seeed', '3'])).toMatch(/^unknown option --seeed \(options: --steps, --lr, --backend, --out, --quiet\)$/);
    expect(err(['g', '-s', '3'])).toBe('unknown option -s; options are written --name');
    expect(err([])).toBe('missing <graph.json>');
    expect(err(['a', 'b'])).toBe('unexpected argument "b" after <graph.json>');
    expect(err(['g', '--quiet=yes'])).toMatch(/^--quiet is a switch/);
  });
});

describe('readGraphFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tensorloom-graph-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const messageOf = (p: string): string => {
    try {
      readGraphFile(p);
      return 'no error';
    } catch (e) {
      expect(e).toBeInstanceOf(CliError);
      return (e as Error).message;
    }
  };

  it('turns a missing file, bad JSON and an invalid graph into CliErrors listing every problem', () => {
    expect(messageOf(path.join(dir, 'absent.json'))).toBe(`${path.join(dir, 'absent.json')}: no such file or folder`);
    expect(messageOf(dir)).toBe(`${dir} is a folder, expected a file`);
    expect(messageOf(write('bad.json', '{\n  "format": \n}'))).toMatch(/is not a valid graph \(1 problem\):\n {2}error: (line \d+: )?not valid JSON/);
    const graph = {
      format: 'tensorloom-graph',
      version: 1,
      nodes: [
        { id: 'a', type: 'densse', params: {} },
        { id: 'b', type: 'dense', params: { units: -3 } },
      ],
      edges: [],
    };
    const msg = messageOf(write('invalid.json', JSON.stringify(graph)));
    expect(msg).toMatch(/is not a valid graph \(\d+ problems\):/);
    expect(msg).toContain('error: node "a" has unknown type "densse" (did you mean "dense"?)');
    expect(msg).toMatch(/error: dense "b": .*units/);
  });

  it('returns the graph of a valid file', () => {
    const graph = { format: 'tensorloom-graph', version: 1, nodes: [], edges: [] };
    const { graph: g } = readGraphFile(write('ok.json', JSON.stringify(graph)));
    expect(g.nodes).toEqual([]);
    expect(g.training.steps).toBeGreaterThan(0);
  });
});
