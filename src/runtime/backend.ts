// Backend choice. In the page: WebGL on a hardware GPU, wasm when WebGL is software
// (SwiftShader) or missing, cpu as the last resort. In Node: cpu or wasm.
import { tf } from '../../nodes/tf';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'cpu' | 'wasm' | 'webgl';
export type BackendChoice = BackendName | 'auto';

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined' && typeof self === 'undefined';

let wasmPathsSet = false;

/** Where the .wasm binaries are: node_modules in Node; the page passes its bundled URLs. */
export function configureWasm(paths?: string | Record<string, string>): void {
  if (paths) {
    setWasmPaths(paths as never);
    wasmPathsSet = true;
  }
}

async function ensureWasmPaths(): Promise<void> {
  if (wasmPathsSet) return;
  if (isNode) {
    const { createRequire } = await import('node:module');
    const path = await import('node:path');
    const req = createRequire(import.meta.url);
    const dir = path.dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(dir + path.sep);
    wasmPathsSet = true;
  }
}

/** True when WebGL runs on a real GPU (not a software rasteriser). */
export function hardwareWebgl(): boolean {
  try {
    const canvas: HTMLCanvasElement | OffscreenCanvas =
      typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
    const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return false;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    return !/swiftshader|llvmpipe|software|basic render/i.test(renderer);
  } catch {
    return false;
  }
}

export async function useBackend(choice: BackendChoice): Promise<BackendName> {
  let name: BackendName;
  if (choice === 'auto') name = isNode ? 'cpu' : hardwareWebgl() ? 'webgl' : 'wasm';
  else name = choice;
  if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    await ensureWasmPaths();
  }
  if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) {
      if (choice !== 'auto') throw new Error(`the ${name} backend could not start here`);
      await tf.setBackend('cpu');
    }
  }
  await tf.ready();
  return tf.getBackend() as BackendName;
}

/** Quiet the "install tfjs-node" banner in Node; keeps debug checks off as in production. */
export function quietNode(): void {
  if (isNode) tf.enableProdMode();
}
