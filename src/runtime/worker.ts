// The Web Worker entry: hosts one training Session off the main thread so the canvas keeps
// its frame rate while training. The page talks to it through worker-client.ts; the message
// handling itself lives in worker-host.ts (tested in Node without a Worker).
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { tf } from '../../nodes/tf';
import { configureWasm } from './backend';
import { WorkerHost } from './worker-host';
import type { ToWorker } from './worker-protocol';

// The bundler gives each binary its own hashed URL; tfjs looks them up by file name.
configureWasm({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// Skips tfjs debug checks on every op; errors still name the node that failed.
tf.enableProdMode();

const scope = self as unknown as { postMessage(msg: unknown, transfer: Transferable[]): void; onmessage: ((e: MessageEvent) => void) | null };
const host = new WorkerHost((msg, transfer) => scope.postMessage(msg, transfer));
scope.onmessage = (e: MessageEvent<ToWorker>) => void host.handle(e.data);
