import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startSlackReceiver } from '../test/receivers';
import { e2eAdmin, e2eIngestKey, logIn } from './helpers';

type Flagged = { name: string; demo: boolean };

test('this stack runs with PULSEBOARD_DEMO=off: no demo metric, rule or surge rule, no Demo badge', async ({
  page,
}) => {
  await logIn(page);
  const list = async <K extends string>(url: string, key: K) =>
    ((await (await page.request.get(url)).json()) as Record<K, Flagged[]>)[key];
  expect((await list('/api/v1/rules', 'rules')).filter((r) => r.demo)).toEqual([]);
  expect((await list('/api/v1/surge-rules', 'surgeRules')).filter((r) => r.demo)).toEqual([]);
  const metrics = await list('/api/v1/metrics', 'metrics');
  expect(metrics.map((m) => m.name)).toContain('api_latency_p95');
  expect(metrics.filter((m) => m.demo)).toEqual([]);
  await page.goto('/rules');
  await expect(page.getByRole('heading', { level: 1, name: 'Rules' })).toBeVisible();
  await expect(page.getByTestId('demo-badge')).toHaveCount(0);
});

/**
 * A second stack of the same build with the demo on, as `npm start` runs it: seeding at start, then the
 * demo simulator posting to it. On a database of its own, so its rules and traffic stay out of the others.
 */
async function startDemoStack(
  port: number,
): Promise<{ base: string; readyAt: number; stop: () => Promise<void> }> {
  const run = `${process.env.PB_E2E_RUN ?? Date.now().toString(36)}_demo`;
  const database = `pb_e2e_${run}`;
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['e2e/stack.mjs', '--no-build', '--port', String(port)],
    {
      cwd: path.resolve(import.meta.dirname, '..'),
      stdio: 'ignore',
      env: {
        ...process.env,
        DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
        REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
        PULSEBOARD_REDIS_PREFIX: `pbe2e-${run}`,
        PULSEBOARD_ADMIN_EMAIL: e2eAdmin.email,
        PULSEBOARD_ADMIN_PASSWORD: e2eAdmin.password,
        PULSEBOARD_INGEST_KEY: e2eIngestKey,
        PULSEBOARD_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-secret',
        PULSEBOARD_DEMO: 'on',
        PULSEBOARD_DEMO_SEED: 'e2e-demo',
        // No PULSEBOARD_PUBLIC_URL, as on a first run: notification links take the address the launcher
        // prints (http://localhost:<port>). Private webhooks: the Slack receiver of the test is local.
        PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS: 'on',
        PULSEBOARD_WORKER_METRICS_PORT: '0', // the main stack's worker has the default port
        LOG_LEVEL: 'warn',
      },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // e2e/stack.mjs drops the stack's database and Redis keys once it has stopped.
  const stop = async () => {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  };
  try {
    await expect
      .poll(async () => (await fetch(`${base}/api/ready`).catch(() => null))?.status ?? 0, {
        timeout: 120_000,
        intervals: [250],
      })
      .toBe(200);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, readyAt: Date.now(), stop };
}

async function logInAt(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(e2eAdmin.email);
  await page.getByLabel('Password').fill(e2eAdmin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${base}/`);
}

test('a start with the demo on shows its example rules with a Demo badge, and its traffic opens an incident that toasts within 6 minutes', async ({
  page,
}, testInfo) => {
  test.setTimeout(10 * 60_000);
  const port = Number(new URL(testInfo.project.use.baseURL!).port) + 600;
  const stack = await startDemoStack(port);
  const slack = await startSlackReceiver();
  try {
    await logInAt(page, stack.base);
    // A Slack channel on the demo's API rules, before the opening burst: its message's links must point
    // at the address the launcher printed, with no PULSEBOARD_PUBLIC_URL set (issue 20 point 9).
    const headers = { origin: stack.base, 'content-type': 'application/json' };
    const slackPath = '/services/T0DEMO/B0DEMO/first-run';
    const channel = await page.request.post(`${stack.base}/api/v1/channels`, {
      headers,
      data: { name: 'Demo Slack', type: 'slack', config: { webhookUrl: `${slack.url}${slackPath}` } },
    });
    expect(channel.status(), await channel.text()).toBe(201);
    const channelId = ((await channel.json()) as { id: string }).id;
    const rules = (
      (await (await page.request.get(`${stack.base}/api/v1/rules`)).json()) as {
        rules: { id: string; name: string }[];
      }
    ).rules.filter((r) => /^API (p95 latency|error rate) per endpoint$/.test(r.name));
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      const patched = await page.request.patch(`${stack.base}/api/v1/rules/${rule.id}`, {
        headers,
        data: { channelIds: [channelId] },
      });
      expect(patched.status(), await patched.text()).toBe(200);
    }
    const nav = page.getByRole('navigation', { name: 'Main' });

    await nav.getByRole('link', { name: 'Rules' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Rules' })).toBeVisible();
    for (const name of [
      'API p95 latency per endpoint',
      'API error rate per endpoint',
      'No purchases',
      'Unusual ride demand for the time of day',
      'Support tickets turning angry',
    ]) {
      await expect(page.getByTestId(`rule-row-${name}`).getByTestId('demo-badge')).toHaveText('Demo');
    }
    await expect(page.getByTestId('rule-row-API p95 latency per endpoint')).toContainText('> 2000 over 5m');
    await page.screenshot({ path: 'test-results/screens/demo-rules.png', fullPage: true });

    await page.goto(`${stack.base}/surges`);
    await expect(page.getByTestId('surge-row-Ride surge per zone').getByTestId('demo-badge')).toBeVisible();
    await page.goto(`${stack.base}/catalogue`);
    for (const metric of ['ride_demand', 'driver_supply', 'support_ticket_sentiment']) {
      await expect(page.getByTestId(`metric-row-${metric}`).getByTestId('demo-badge')).toBeVisible();
    }
    await expect(page.getByTestId('metric-row-api_latency_p95').getByTestId('demo-badge')).toHaveCount(0);

    // Removable like any other rule.
    await page.goto(`${stack.base}/rules`);
    const anomaly = page.getByTestId('rule-row-Unusual ride demand for the time of day');
    await anomaly.getByRole('button', { name: 'Delete Unusual ride demand for the time of day' }).click();
    await anomaly
      .getByRole('button', { name: 'Confirm delete Unusual ride demand for the time of day' })
      .click();
    await expect(anomaly).toHaveCount(0);

    // Then watch, as a newcomer would: the demo's opening API error burst must open an incident that toasts.
    await nav.getByRole('link', { name: 'Incidents' }).click();
    await expect(page.getByTestId('incidents-table')).toHaveAttribute('aria-busy', 'false');
    // The scripted burst's toast, by its endpoint: random traffic may open another endpoint's incident
    // (the demo rules' minCount keeps one early failure of a quiet endpoint from doing so).
    const toast = page
      .getByTestId('incident-toast')
      .filter({ hasText: /API (p95 latency|error rate) per endpoint/ })
      .filter({ hasText: '/api/search' })
      .first();
    await expect(toast).toBeVisible({ timeout: Math.max(1_000, stack.readyAt + 6 * 60_000 - Date.now()) });
    const seconds = Math.round((Date.now() - stack.readyAt) / 1000);
    testInfo.annotations.push({ type: 'demo-first-toast-seconds-after-ready', description: String(seconds) });
    const row = page.locator('[data-testid^="incident-row-"]').filter({ hasText: /API .* per endpoint/ });
    await expect(row.first()).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/demo-incident.png', fullPage: true });

    type SlackBody = { blocks?: { type: string; elements?: { url?: string; text?: { text?: string } }[] }[] };
    const ackLink = () =>
      slack.received
        .filter((r) => r.path === slackPath)
        .map((r) => r.json as SlackBody)
        .flatMap((b) => b.blocks ?? [])
        .filter((b) => b.type === 'actions')
        .flatMap((b) => b.elements ?? [])
        .find((e) => e.text?.text === 'Acknowledge')?.url;
    await expect.poll(ackLink, { timeout: 30_000 }).toBeTruthy();
    expect(ackLink()).toMatch(new RegExp(`^http://localhost:${port}/incidents/[0-9a-f-]{36}\\?ack=1$`));
  } finally {
    await slack.close();
    await stack.stop();
  }
});
