import { defineConfig } from 'vitest/config';
import path from 'node:path';

// `npm run test:faults`: the fault suite (test/faults/), real web and worker processes against a private
// Redis and a private PostgreSQL that the tests crash and restart. One file at a time: the machine is small.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    sequence: { concurrent: false },
    globalSetup: ['./test/faults/global-setup.ts'],
  },
});
