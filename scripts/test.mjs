#!/usr/bin/env node
// `npm test`: the whole suite from a fresh clone. Installs what is missing, then runs format check, lint,
// typecheck, the circular-import check, unit + integration tests (vitest, real PostgreSQL and Redis),
// runs the database-facing tests a second time on TimescaleDB (../shared/timescaledb/start.sh), builds the
// app and runs the Playwright e2e specs in Chromium. Ends with one line: `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { installNeeded } from './launcher/install.mjs';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const results = [];

function run(label, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${label}: ${[command, ...args].join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `=== ${label}: ${r.status === 0 ? 'ok' : `failed (exit ${r.status ?? r.signal})`} in ${seconds} s`,
  );
  return r.status === 0;
}

/** Like run(), without blocking the event loop (so captured runs beside it keep draining their output). */
function runInherited(label, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${label}: ${[command, ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', () => {});
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`=== ${label}: ${code === 0 ? 'ok' : `failed (exit ${code ?? signal})`} in ${seconds} s`);
      resolve(code === 0);
    });
  });
}

// npm ci installs exactly the committed (complete) lockfile, so the tree stays clean.
const install = installNeeded(root);
if (install && !run('install', 'npm', [install, '--no-audit', '--no-fund'])) process.exit(1);
mkdirSync('test-results', { recursive: true });

// The database-facing tests run a second time on a real TimescaleDB (hypertables, compression, retention
// jobs): storage, ingest and de-duplication, rollups, retention, series and event queries, alerting, surge,
// sentiment, the SIGKILL crash test, and the tests that need TimescaleDB's own job scheduler.
const timescaleTests = [
  'db/migrations.test.ts',
  'db/distribution-layout.test.ts',
  'db/postgres-driver.test.ts',
  'db/timescale-jobs.test.ts',
  'db/query-plans.test.ts',
  'workers/ingest.test.ts',
  'workers/ingest/process-batch.test.ts',
  'workers/ingest/sketch-metrics.test.ts',
  'workers/rollup.test.ts',
  'workers/compressed-backfill.test.ts',
  'workers/crash.test.ts',
  'workers/metric-catalogue.test.ts',
  'workers/rules.test.ts',
  'workers/rules/evaluate-rules.test.ts',
  'workers/surge/evaluate-surge-rules.test.ts',
  'workers/surge/surge-incidents.test.ts',
  'lib/alerting/kinds/sentiment-rules.test.ts',
  'app/api/v1/sentiment/api.test.ts',
  'app/api/v1/system/api.test.ts',
  'app/api/v1/reports/api.test.ts',
  'core/services/metrics/metrics.test.ts',
  'core/queries/events/list-events.test.ts',
  'core/services/incidents/incidents.test.ts',
  'core/services/rules/rules.test.ts',
  'core/services/surge-rules/surge-rules.test.ts',
];
/** The e2e smoke on TimescaleDB: the engine check, ingest, a live chart, an incident end to end. */
const timescaleE2e = [
  'e2e/api/engine.spec.ts',
  'e2e/api/ingest.spec.ts',
  'e2e/overview/live.spec.ts',
  'e2e/alerts/incident-flow.spec.ts',
];
const ci = Boolean(process.env.CI) && process.env.CI !== 'false';

/**
 * Starts (or reuses) the TimescaleDB server of ../shared/timescaledb/start.sh, a sibling of the clone in CI.
 * It starts now, beside the static checks, because the first start on a machine builds TimescaleDB (~5 min).
 * @returns {Promise<{ url: string | null, reason: string }>}
 */
function startTimescale() {
  const script = path.join(root, '..', 'shared', 'timescaledb', 'start.sh');
  if (!existsSync(script)) return Promise.resolve({ url: null, reason: `${script} not found` });
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('bash', [script, 'start'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => resolve({ url: null, reason: `${script}: ${error.message}` }));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const url = stdout.trim().split('\n').pop() ?? '';
      console.log(`\n=== TimescaleDB: bash ${script} start (${seconds} s)\n${stderr.trimEnd()}`);
      resolve(
        code === 0 && url.startsWith('postgres')
          ? { url, reason: '' }
          : { url: null, reason: `${script} exited ${code}` },
      );
    });
  });
}
const timescale = startTimescale();

// Static checks count as one test each. They are single-threaded and independent, so they run side by side
// (type-aware lint and the typecheck take a core each); each one's output is printed whole when it ends.
function runCaptured(label, command, args, env = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    let finished = false;
    const finish = (status) => {
      if (finished) return; // 'error' can be followed by 'close'
      finished = true;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`\n=== ${label}: ${[command, ...args].join(' ')}`);
      process.stdout.write(Buffer.concat(output));
      console.log(`=== ${label}: ${status === 0 ? 'ok' : `failed (exit ${status})`} in ${seconds} s`);
      resolve(status === 0);
    };
    child.on('error', (error) => {
      output.push(Buffer.from(`${error}\n`));
      finish('spawn error');
    });
    child.on('close', (code, signal) => finish(code ?? signal));
  });
}

const staticChecks = [
  ['format', 'format:check'],
  ['lint', 'lint'],
  ['typecheck', 'typecheck'],
  ['circular imports', 'circular'],
];
const staticOk = await Promise.all(
  staticChecks.map(([label, script]) => runCaptured(label, 'npm', ['run', '--silent', script])),
);
staticChecks.forEach(([label], i) => {
  results.push({ runner: label, passed: staticOk[i] ? 1 : 0, failed: staticOk[i] ? 0 : 1 });
});

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Counts a vitest JSON report (or a runner that ended without one) as one runner's results. */
function vitestResults(runner, file, ok) {
  const report = readJson(file);
  results.push({
    runner,
    passed: report?.numPassedTests ?? 0,
    failed: (report?.numFailedTests ?? 0) + (ok || report?.numFailedTests ? 0 : 1),
  });
}
/** Counts a Playwright JSON report the same way. */
function playwrightResults(runner, file, ok) {
  const report = readJson(file);
  const failed = report?.stats?.unexpected ?? 0;
  results.push({
    runner,
    passed: (report?.stats?.expected ?? 0) + (report?.stats?.flaky ?? 0),
    failed: failed || ok ? failed : 1,
  });
}

// The production build (`npm run build`: .next and the compiled processes in dist/, for e2e and the fault
// suite) runs beside vitest, whose integration tests spend much of their time waiting on PostgreSQL, Redis
// and timers; no vitest test reads .next or dist/. The typecheck above covered the whole tsconfig with
// Next's route types, so the build skips its own check (and the build cache a fresh clone never reads
// again): 45 CPU-seconds instead of 103 (next.config.ts). When the typecheck failed, the build checks.
const typecheckOk = staticOk[staticChecks.findIndex(([label]) => label === 'typecheck')];
const building = runCaptured('build', 'npm', ['run', '--silent', 'build'], {
  NEXT_TELEMETRY_DISABLED: '1',
  ...(typecheckOk ? { PULSEBOARD_BUILD_CHECKED: '1' } : {}),
});
rmSync('test-results/vitest.json', { force: true });
const vitestOk = await runInherited('unit + integration (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile=test-results/vitest.json',
]);
vitestResults('vitest', 'test-results/vitest.json', vitestOk);

const built = await building;

/**
 * What runs beside the main e2e run: work that mostly waits on servers and timers, while the main run's
 * Chromium keeps the cores busy. The TimescaleDB vitest pass beside the fault suite (about 2 minutes: the
 * real processes on a private Redis and PostgreSQL that it crashes and restarts, then scale-out), then the
 * e2e smoke on TimescaleDB (most of it waits for a rule's window to empty) with the demo spec (a stack of
 * its own that waits minutes for the demo's opening burst). Their output is printed whole as each ends;
 * the e2e run here takes ports and an output directory of its own.
 */
async function besideE2e() {
  rmSync('test-results/faults.json', { force: true });
  const faultsRun = !built
    ? Promise.resolve(false)
    : runCaptured('faults (vitest)', bin('vitest'), [
        'run',
        '-c',
        'vitest.faults.config.ts',
        '--reporter=default',
        '--reporter=json',
        '--outputFile=test-results/faults.json',
      ]);

  // The second pass, on TimescaleDB. Where it cannot start, CI counts a failure; a local run says it skipped.
  const tsdb = await timescale;
  rmSync('test-results/vitest-timescaledb.json', { force: true });
  if (tsdb.url) {
    const ok = await runCaptured(
      'database tests on TimescaleDB (vitest)',
      bin('vitest'),
      [
        'run',
        ...timescaleTests,
        // One file at a time: the fault suite and the e2e run beside it, and TimescaleDB's job scheduler
        // tests meet the other files' background jobs on the same server.
        '--maxWorkers=1',
        '--minWorkers=1',
        '--reporter=default',
        '--reporter=json',
        '--outputFile=test-results/vitest-timescaledb.json',
      ],
      { TEST_DATABASE_URL: tsdb.url, TEST_EXPECT_TIMESCALEDB: '1' },
    );
    vitestResults('vitest timescaledb', 'test-results/vitest-timescaledb.json', ok);
  } else if (ci) {
    console.log(`\n=== database tests on TimescaleDB: failed, TimescaleDB did not start (${tsdb.reason})`);
    results.push({ runner: 'vitest timescaledb', passed: 0, failed: 1 });
  } else {
    console.log(`\n=== database tests on TimescaleDB: skipped, TimescaleDB did not start (${tsdb.reason})`);
  }
  vitestResults('faults', 'test-results/faults.json', await faultsRun);

  if (!built) return;
  // One Playwright run (one stack) for the e2e smoke on TimescaleDB, whose database is made on the
  // TimescaleDB server, and the demo project (its first spec checks the run's stack, the second starts a
  // demo stack of its own on the local PostgreSQL); the demo project alone where TimescaleDB did not start.
  const smoke = tsdb.url
    ? {
        files: timescaleE2e,
        env: {
          PB_E2E_DATABASE_SERVER: tsdb.url.replace(/\/[^/]*$/, ''),
          PB_E2E_EXPECT_TIMESCALEDB: '1',
        },
      }
    : { files: [], env: {} };
  rmSync('test-results/playwright-beside.json', { force: true });
  const ok = await runCaptured(
    tsdb.url ? 'e2e smoke on TimescaleDB and demo (playwright)' : 'e2e demo (playwright)',
    bin('playwright'),
    ['test', '--project=chromium', '--project=demo', ...smoke.files, 'e2e/demo.spec.ts'],
    {
      ...smoke.env,
      PB_E2E_PORT: '3410',
      PB_E2E_OUTPUT: 'test-results/e2e-beside',
      PB_E2E_JSON: 'test-results/playwright-beside.json',
    },
  );
  playwrightResults(
    tsdb.url ? 'playwright timescaledb + demo' : 'playwright demo',
    'test-results/playwright-beside.json',
    ok,
  );
}

const beside = besideE2e();
if (built) {
  // The main run: every spec but the demo's, then the performance budgets (measured last).
  rmSync('test-results/playwright.json', { force: true });
  const ok = await runInherited('e2e (playwright, chromium)', bin('playwright'), [
    'test',
    '--project=chromium',
    '--project=performance',
  ]);
  playwrightResults('playwright', 'test-results/playwright.json', ok);
} else {
  results.push({ runner: 'playwright', passed: 0, failed: 1 });
}
await beside;

console.log('\nSummary:');
for (const r of results) console.log(`  ${r.runner.padEnd(20)} ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
