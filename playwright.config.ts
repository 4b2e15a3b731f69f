import { defineConfig } from '@playwright/test';

// One database and Redis prefix per run: set here once, inherited by the runner's workers and the stacks.
process.env.PB_E2E_RUN ??= `${Date.now().toString(36)}${process.pid}`;
const basePort = Number(process.env.PB_E2E_PORT ?? 3210);
/** A run on other ports (`npm test` runs one beside the main run) leaves the default ports to that one. */
const defaultPorts = process.env.PB_E2E_PORT === undefined;
/**
 * Each runner worker drives a stack of its own (its own web and worker processes, database and Redis
 * prefix), so the specs of one never see the incidents, toasts or rules of another. One by default: on
 * two cores the suite is bound by CPU (Chromium and the live charts), and two stacks took longer in all
 * (1,156 s against 1,022 s) with every spec slower; more cores can take PB_E2E_WORKERS=2 or more.
 */
export const e2eStacks = Math.max(1, Number(process.env.PB_E2E_WORKERS ?? 1));
/** The stack of the runner worker reading this (TEST_PARALLEL_INDEX is set in worker processes only). */
const stack = Number(process.env.TEST_PARALLEL_INDEX ?? 0);
const stackRun = (index: number) => `${process.env.PB_E2E_RUN}${index === 0 ? '' : `s${index}`}`;
const stackPort = (index: number) => basePort + 20 * index;
const port = stackPort(stack);
export const e2eBase = `http://127.0.0.1:${port}`;
export const e2eAdmin = { email: 'admin@e2e.test', password: 'e2e-admin-password' };
export const e2eIngestKey = 'pbk_e2e_ingest_key_0123456789';
/** The PostgreSQL server the stacks' databases are made on; `npm test` points its smoke pass at TimescaleDB. */
export const e2eDatabaseServer = process.env.PB_E2E_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
/** Every stack's database, by run id (e2e/stack.mjs drops each when its stack stops). */
export const e2eDatabases = Array.from({ length: e2eStacks }, (_, i) => `pb_e2e_${stackRun(i)}`);
/**
 * The PagerDuty Events API stand-in: the notifications spec listens here (test/receivers); each stack is
 * started pointing PULSEBOARD_PAGERDUTY_EVENTS_URL at its worker's, since that setting is process-wide.
 */
const pagerDutyPort = (index: number) => stackPort(index) + 1001;
export const e2ePagerDutyPort = pagerDutyPort(stack);

export default defineConfig({
  testDir: 'e2e',
  outputDir: process.env.PB_E2E_OUTPUT ?? 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: e2eStacks,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.PB_E2E_JSON ?? 'test-results/playwright.json' }]],
  use: {
    baseURL: e2eBase,
    screenshot: 'only-on-failure',
    // A failed test keeps its trace (actions, DOM snapshots, network, console) and a screenshot; the
    // trace's screencast is off: recording it cost a quarter of the machine's CPU on the a11y and phone
    // specs (252 against 193 CPU-seconds, 138 against 114 s) and slowed every spec beside it.
    trace: { mode: 'retain-on-failure', screenshots: false },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: [/performance\.spec\.ts/, /demo\.spec\.ts/],
      use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } },
    },
    {
      // The demo spec starts a stack of its own and spends most of its minutes waiting for the demo's
      // scripted opening burst: `npm test` runs this project beside the others (`--project=demo`).
      name: 'demo',
      testMatch: /demo\.spec\.ts/,
      use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } },
    },
    {
      // Timings (LCP budgets) are measured once every other spec has finished, not while the other
      // stack's specs load the same two cores.
      name: 'performance',
      testMatch: /performance\.spec\.ts/,
      dependencies: ['chromium'],
      use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } },
    },
  ],
  webServer: Array.from({ length: e2eStacks }, (_, index) => {
    const base = `http://127.0.0.1:${stackPort(index)}`;
    return {
      // e2e/stack.mjs: start.mjs, then the stack's database and Redis keys dropped once it has stopped.
      command: `node e2e/stack.mjs --no-demo --no-build --port ${stackPort(index)}`,
      url: `${base}/api/ready`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'pipe' as const,
      stderr: 'pipe' as const,
      gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 15_000 },
      env: {
        DATABASE_URL: `${e2eDatabaseServer}/pb_e2e_${stackRun(index)}`,
        REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
        PULSEBOARD_REDIS_PREFIX: `pbe2e-${stackRun(index)}`,
        PULSEBOARD_ADMIN_EMAIL: e2eAdmin.email,
        PULSEBOARD_ADMIN_PASSWORD: e2eAdmin.password,
        PULSEBOARD_INGEST_KEY: e2eIngestKey,
        PULSEBOARD_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-secret',
        PULSEBOARD_DEMO: 'off',
        PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS: 'on',
        PULSEBOARD_PAGERDUTY_EVENTS_URL: `http://127.0.0.1:${pagerDutyPort(index)}/v2/enqueue`,
        PULSEBOARD_PUBLIC_URL: base,
        // The first stack's worker keeps the default /metrics port; the others take any free one.
        ...(index === 0 && defaultPorts ? {} : { PULSEBOARD_WORKER_METRICS_PORT: '0' }),
        LOG_LEVEL: 'warn',
      },
    };
  }),
});
