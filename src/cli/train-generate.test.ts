// `tensorloom train` then `tensorloom generate` on a graph file, as a user runs them.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(__dirname, '../../bin/tensorloom.mjs');
const GRAPH = path.resolve(__dirname, 'fixtures/abc-lm.json');

function tensorloom(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: tmpdir(), timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('tensorloom train / generate', () => {
  it('trains a graph file (the loss falls), writes weights, and generates from them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tl-train-'));
    const weights = path.join(dir, 'w.json');
    const t = await tensorloom('train', GRAPH, '--steps', '60', '--report', '5', '--seed', '3', '--out', weights);
    expect(t.stderr).toBe('');
    expect(t.code).toBe(0);
    const losses = [...t.stdout.matchAll(/^step (\d+) +[\d.]+ steps\/s +loss ([\d.]+)/gm)].map((m) => [+m[1], +m[2]]);
    expect(losses.map((l) => l[0])).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
    expect(losses[0][1]).toBeGreaterThan(1);
    expect(losses.at(-1)![1]).toBeLessThan(0.05);
    expect(JSON.parse(readFileSync(weights, 'utf8')).format).toBe('tensorloom-weights');

    const g = await tensorloom('generate', GRAPH, '--weights', weights, '--prompt', 'mno', '--max', '6');
    expect(g.code).toBe(0);
    expect(g.stdout.trim()).toBe('mnopqrstu');
    expect(g.stderr).toMatch(/p = [\d.e-]+ .*6 tokens, incremental/);
  }, 120_000);

  it('refuses weights that do not fit, naming node and weight, with exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tl-bad-'));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'tensorloom-weights', version: 1, weights: {} }));
    const g = await tensorloom('generate', GRAPH, '--weights', bad);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain('node "emb" weight table ("emb/table") is missing from the file');
    expect(g.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);
});
