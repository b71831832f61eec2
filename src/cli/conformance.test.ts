import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../nodes/tf';
import { CliError } from './args';
import { compareValues, runConformance, type ConformanceReport } from './conformance';

const REFERENCE = path.resolve(__dirname, '../../../shared/reference');
const FIXTURES = path.resolve(__dirname, 'fixtures/cases');

const readCase = (file: string) => JSON.parse(readFileSync(path.join(REFERENCE, file), 'utf8'));

async function run(folder: string, backend: 'cpu' | 'wasm' = 'cpu'): Promise<{ report: ConformanceReport; lines: string[] }> {
  const lines: string[] = [];
  const report = await runConformance(folder, { backend, log: (l) => lines.push(l) });
  return { report, lines };
}

const lineFor = (lines: string[], file: string) => lines.find((l) => l.split(' ')[1] === file) ?? '';

describe('conformance runner on the shared reference cases', () => {
  it('passes every case, one line each plus the count, and leaks no tensor', async () => {
    await run(FIXTURES); // warm-up: backend start and kernel set-up allocate for good
    const before = tf.memory().numTensors;
    const { report, lines } = await run(REFERENCE);
    expect(tf.memory().numTensors).toBe(before);

    const files = readdirSync(REFERENCE).filter((f) => f.endsWith('.json'));
    expect(report.results.map((r) => r.file).sort()).toEqual(files.sort());
    expect(lines).toHaveLength(files.length + 1);
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^(PASS \S+ \S+ worst=\S+|FAIL \S+ \S+ .+)$/);
    const failures = lines.filter((l) => l.startsWith('FAIL'));
    expect(failures).toEqual([]);
    expect(lines.at(-1)).toBe(`${files.length} passed, 0 failed`);
    expect(report.exitCode).toBe(0);
  });
});

describe('conformance runner on the wasm backend', () => {
  afterAll(async () => {
    await runConformance(FIXTURES, { backend: 'cpu', log: () => {} }); // back to cpu for the other tests
  });

  it('passes every shared reference case on wasm too', async () => {
    const { report, lines } = await run(REFERENCE, 'wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(report.exitCode).toBe(0);
  });
});

describe('conformance runner on hand-written cases', () => {
  it('runs any file names, including the beam search and noise cases', async () => {
    const { report, lines } = await run(FIXTURES);
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(report.passed).toBe(5);
    expect(lineFor(lines, 'early-stop.json')).toMatch(/^PASS early-stop\.json beam-decoder worst=/);
  });
});

describe('conformance runner on broken cases', () => {
  let dir: string;
  let report: ConformanceReport;
  let lines: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tensorloom-conf-'));
    const put = (name: string, value: unknown) =>
      writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));

    put('good.json', readCase('dense-linear.json'));
    // One expected value of y pushed far off: the case must fail at that element.
    const wrong = readCase('dense-relu.json');
    wrong.outputs.y.data[9] += 0.5;
    put('wrong-value.json', wrong);
    put('broken.json', '{"node": "dense", "params": ');
    put('unknown-type.json', { ...readCase('dense-linear.json'), node: 'warp-drive' });
    put('bad-param.json', { ...readCase('dense-linear.json'), params: { units: 0 } });
    const wrongWeight = readCase('dense-linear.json');
    wrongWeight.weights.kernel = { shape: [7, 5], data: wrongWeight.weights.kernel.data };
    put('wrong-weight-shape.json', wrongWeight);
    const wrongShape = readCase('dense-linear.json');
    wrongShape.outputs.y.shape = [2, 3, 6];
    wrongShape.outputs.y.data = wrongShape.outputs.y.data.slice(0, 36);
    put('wrong-output-shape.json', wrongShape);
    const noNoise = readCase('gaussian-sampler.json');
    noNoise.noise = { epsilon: noNoise.noise.eps };
    put('missing-noise.json', noNoise);
    const beam = readCase('beam-width-2.json');
    beam.outputs.sequence = ['A', 'B', 'C', 'D'];
    put('beam-wrong.json', beam);
    put('short-data.json', { ...readCase('kl-loss.json'), inputs: { kl: { shape: [2], data: [1] } } });
    put('notes.txt', 'not a case; ignored');

    ({ report, lines } = await run(dir));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one line per *.json file and the count, and exits 2 for a file that is not a case', () => {
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toBe('1 passed, 9 failed');
    expect(lineFor(lines, 'good.json')).toMatch(/^PASS good\.json dense worst=/);
    expect(report.exitCode).toBe(2);
  });

  it('names the output and the element of a wrong value', () => {
    expect(lineFor(lines, 'wrong-value.json')).toMatch(
      /^FAIL wrong-value\.json dense output y: 1 of 42 elements out of tolerance; worst y\[0, 1, 2\] got .* want .* \(error 0\.5/,
    );
  });

  it('reports malformed JSON as a failed case', () => {
    expect(lineFor(lines, 'broken.json')).toMatch(/^FAIL broken\.json \? not valid JSON: /);
    expect(report.results.find((r) => r.file === 'broken.json')?.badFile).toBe(true);
  });

  it('reports an unknown node type, bad params, and wrong weight and output shapes', () => {
    expect(lineFor(lines, 'unknown-type.json')).toBe('FAIL unknown-type.json warp-drive unknown node type "warp-drive"');
    expect(lineFor(lines, 'bad-param.json')).toMatch(/param units must be between 1 and \d+, got 0/);
    expect(lineFor(lines, 'wrong-weight-shape.json')).toContain('weight kernel: the node sizes it [5, 7] but the case gives [7, 5]');
    expect(lineFor(lines, 'wrong-output-shape.json')).toContain('infer() gives output y the shape [2, 3, 7] but the case expects [2, 3, 6]');
  });

  it('fails a sampling node whose noise key is missing, naming the key', () => {
    expect(lineFor(lines, 'missing-noise.json')).toContain('the node draws noise "eps" [3, 4] but the case gives only epsilon');
  });

  it('compares the beam sequence exactly', () => {
    expect(lineFor(lines, 'beam-wrong.json')).toContain('output sequence: got A C D E want A B C D');
  });

  it('rejects tensors whose data does not fill their shape', () => {
    expect(lineFor(lines, 'short-data.json')).toContain('inputs.kl: data length does not match the product of shape');
  });
});

describe('conformance runner errors and comparison', () => {
  it('refuses a missing or empty folder with a CliError', async () => {
    await expect(runConformance(path.join(tmpdir(), 'no-such-folder-tensorloom'))).rejects.toThrow(/no such file or folder/);
    const empty = mkdtempSync(path.join(tmpdir(), 'tensorloom-empty-'));
    try {
      await expect(runConformance(empty)).rejects.toBeInstanceOf(CliError);
      await expect(runConformance(empty)).rejects.toThrow(/holds no \*\.json case files/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('applies atol + rtol·|want| and treats NaN as a failure', () => {
    const tol = { atol: 0.1, rtol: 0.1 };
    expect(compareValues('y', [10.9, 0.05], [10, 0], [2], tol)).toBeCloseTo(0.9);
    expect(() => compareValues('y', [11.2, 0], [10, 0], [2], tol)).toThrow(/worst y\[0\] got 11\.2000 want 10/);
    expect(() => compareValues('y', [0, NaN, 5], [0, 1, 5.5], [3], tol)).toThrow(/1 of 3 elements .* worst y\[1\] got NaN/);
  });
});
