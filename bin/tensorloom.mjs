#!/usr/bin/env node
// Launcher for `npx tensorloom`: the CLI is TypeScript, run through tsx's loader, so it works
// from any working directory without a build step.
import { register } from 'tsx/esm/api';

register();

const { main } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
const code = await main(process.argv.slice(2));
// Exit explicitly: a backend (wasm) or a pending timer must not keep the process alive.
// stdout and stderr are synchronous for files and pipes on POSIX, so nothing is lost.
process.exit(code);
