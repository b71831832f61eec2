#!/usr/bin/env node
// Launcher for `npx tensorloom`: the CLI is TypeScript, run through tsx's loader, so it works
// from any working directory without a build step.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
// tfjs-core's ESM files (nodes/tf.ts loads dist/register_all_gradients from them) import
// `./gradients`, where both gradients.js and a gradients/ folder exist: bundlers pick the
// file, Node's resolver refuses the folder. This hook, registered after tsx so it runs
// first, retries such an import as the .js file.
const hooks = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    if (e?.code === 'ERR_UNSUPPORTED_DIR_IMPORT' && specifier.startsWith('.') && context.parentURL?.includes('/node_modules/@tensorflow/'))
      return next(specifier + '.js', context);
    throw e;
  }
}`;
registerHooks('data:text/javascript,' + encodeURIComponent(hooks));

const { main } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
const code = await main(process.argv.slice(2));
// Exit explicitly: a backend (wasm) or a pending timer must not keep the process alive.
// stdout and stderr are synchronous for files and pipes on POSIX, so nothing is lost.
process.exit(code);
