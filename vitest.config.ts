import { defineConfig } from 'vitest/config';
import { availableParallelism } from 'node:os';
import path from 'node:path';

export default defineConfig({
  resolve: {
    alias: {
      '@pulseboard/client': path.resolve(import.meta.dirname, 'packages/client/src/index.ts'),
      '@': path.resolve(import.meta.dirname),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    // test/faults/ is its own suite (npm run test:faults, vitest.faults.config.ts).
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.data/**', 'test/faults/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // At least two test files at once: most integration tests wait on PostgreSQL, Redis and timers, and
    // vitest's default (CPUs − 1) runs them one by one on two cores. Every file has its own database and
    // Redis prefix.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    minWorkers: 1,
    globalSetup: ['./test/global-setup.ts'],
  },
});
