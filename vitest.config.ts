import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['nodes/**/*.test.ts', 'src/**/*.test.ts', 'templates/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Training tests are CPU-heavy; two cores on CI machines.
    maxWorkers: 2,
  },
});
