import { defineConfig } from '@playwright/test';

// One database and Redis prefix per run: set here once, inherited by the runner's workers and the stack.
process.env.PB_E2E_RUN ??= `${Date.now().toString(36)}${process.pid}`;
const run = process.env.PB_E2E_RUN;
const port = Number(process.env.PB_E2E_PORT ?? 3210);
export const e2eBase = `http://127.0.0.1:${port}`;
export const e2eAdmin = { email: 'admin@e2e.test', password: 'e2e-admin-password' };
export const e2eIngestKey = 'pbk_e2e_ingest_key_0123456789';
/** The PostgreSQL server the stack's database is made on; `npm test` points its smoke pass at TimescaleDB. */
export const e2eDatabaseServer = process.env.PB_E2E_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
/**
 * The PagerDuty Events API stand-in: the notifications spec listens here (test/receivers); the stack is
 * started pointing PULSEBOARD_PAGERDUTY_EVENTS_URL at it, since that setting is process-wide.
 */
export const e2ePagerDutyPort = port + 1001;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.PB_E2E_JSON ?? 'test-results/playwright.json' }]],
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL: e2eBase,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } } }],
  webServer: {
    command: `node scripts/start.mjs --no-demo --no-build --port ${port}`,
    url: `${e2eBase}/api/ready`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: {
      DATABASE_URL: `${e2eDatabaseServer}/pb_e2e_${run}`,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      PULSEBOARD_REDIS_PREFIX: `pbe2e-${run}`,
      PULSEBOARD_ADMIN_EMAIL: e2eAdmin.email,
      PULSEBOARD_ADMIN_PASSWORD: e2eAdmin.password,
      PULSEBOARD_INGEST_KEY: e2eIngestKey,
      PULSEBOARD_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-secret',
      PULSEBOARD_DEMO: 'off',
      PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS: 'on',
      PULSEBOARD_PAGERDUTY_EVENTS_URL: `http://127.0.0.1:${port + 1001}/v2/enqueue`,
      PULSEBOARD_PUBLIC_URL: e2eBase,
      LOG_LEVEL: 'warn',
    },
  },
});
