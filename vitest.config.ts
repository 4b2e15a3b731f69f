import { defineConfig } from 'vitest/config';
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
    globalSetup: ['./test/global-setup.ts'],
  },
});
