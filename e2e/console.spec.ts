import { expect, test } from '@playwright/test';
import { e2eBase, logIn, postEvents, uniqueType } from './helpers';

const headers = { origin: e2eBase, 'content-type': 'application/json' };

test('explorer: a metric and a range go into the URL, a reload restores them, the chart shows posted events', async ({
  page,
  request,
}) => {
  const type = uniqueType('e2e_explore');
  await logIn(page);
  const metric = await page.request.post('/api/v1/metrics', {
    headers,
    data: { name: type, eventTypes: [type], aggregation: 'count', dimensions: ['region'] },
  });
  expect(metric.status(), await metric.text()).toBe(201);
  const now = Date.now();
  const posted = await postEvents(
    request,
    Array.from({ length: 12 }, (_, i) => ({
      id: `${type}-${i}`,
      type,
      ts: now - i * 1000,
      props: { region: i % 2 ? 'eu' : 'us' },
    })),
  );
  expect(posted.status()).toBe(202);

  await page.getByRole('link', { name: 'Explore' }).click();
  await expect(page).toHaveURL(/\/explore/);
  // The catalogue cache of the web process may lag a new metric by a few seconds.
  await expect(page.getByLabel('Metric').locator(`option[value="${type}"]`)).toHaveCount(1, {
    timeout: 15_000,
  });
  await page.getByLabel('Metric').selectOption(type);
  await expect(page).toHaveURL(new RegExp(`metric=${type}`));
  await page.getByLabel('Range').selectOption('15m');
  await expect(page).toHaveURL(/range=15m/);
  // The group-by boxes are re-rendered for the chosen metric; retry the click until it holds.
  await expect(async () => {
    await page.getByRole('checkbox', { name: 'region' }).check({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page).toHaveURL(new RegExp(`metric=${type}.*group=region.*range=15m`));

  const chart = page.getByTestId('chart-explore');
  await expect(chart).toHaveAttribute('data-series', '2', { timeout: 20_000 });
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 20_000 })
    .toBeGreaterThan(0);
  await expect(page.getByTestId('explore-aggregation')).toHaveText('count');

  // A shared link: reload restores metric, grouping and range.
  await page.reload();
  await expect(page.getByLabel('Metric')).toHaveValue(type);
  await expect(page.getByLabel('Range')).toHaveValue('15m');
  await expect(page.getByRole('checkbox', { name: 'region' })).toBeChecked();
  await expect(chart).toHaveAttribute('data-series', '2', { timeout: 20_000 });
  await expect(chart.locator('svg').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/explore.png', fullPage: true });

  // Live tail: events posted now arrive over the socket and grow the chart without a reload.
  await page.getByLabel('Range').selectOption('live');
  await expect(page).toHaveURL(/range=live/);
  await expect(page.getByTestId('explore-live')).toBeVisible();
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 20_000 })
    .toBeGreaterThan(0);
  const before = Number(await chart.getAttribute('data-points'));
  const later = Date.now();
  expect(
    (
      await postEvents(
        request,
        Array.from({ length: 4 }, (_, i) => ({
          id: `${type}-live-${i}`,
          type,
          ts: later + 2000 + i * 1000,
          props: { region: 'ap' },
        })),
      )
    ).status(),
  ).toBe(202);
  await expect(chart).toHaveAttribute('data-series', '3', { timeout: 20_000 });
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 20_000 })
    .toBeGreaterThan(before);
  await page.screenshot({ path: 'test-results/screens/explore-live.png', fullPage: true });
});

test('reports: incidents per day counts an incident that just opened, and its rule is the noisiest', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const type = uniqueType('e2e_report');
  await logIn(page);
  const metric = await page.request.post('/api/v1/metrics', {
    headers,
    data: { name: type, eventTypes: [type], aggregation: 'count' },
  });
  expect(metric.status(), await metric.text()).toBe(201);
  const ruleName = `E2E report ${type}`;
  const rule = await page.request.post('/api/v1/rules', {
    headers,
    data: { name: ruleName, kind: 'threshold', metric: type, window: '1m', params: { op: '>', value: 3 } },
  });
  expect(rule.status(), await rule.text()).toBe(201);

  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page).toHaveURL(/\/reports/);
  await expect(page.getByTestId('reports-total')).not.toHaveText('Loading…');
  const totalBefore = Number(await page.getByTestId('chart-incidents-per-day').getAttribute('data-total'));

  const now = Date.now();
  expect(
    (
      await postEvents(
        request,
        Array.from({ length: 8 }, (_, i) => ({ id: `${type}-${i}`, type, ts: now - i * 100 })),
      )
    ).status(),
  ).toBe(202);

  // The report re-reads every 15 s; the incident opens a few seconds after the breach.
  const chart = page.getByTestId('chart-incidents-per-day');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-total')), { timeout: 45_000 })
    .toBeGreaterThan(totalBefore);
  await expect(chart).toHaveAttribute('data-days', '7');
  // The bars are drawn: the severity legend only exists once the bar series rendered.
  await expect(chart.locator('svg text', { hasText: 'warning' })).toHaveCount(1);
  await expect(page.getByTestId('noisiest-incidents').locator(`tr[data-rule="${ruleName}"]`)).toContainText(
    '1',
  );
  await expect(page.getByTestId('incident-stats')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/reports.png', fullPage: true });
});

test('pipeline: ingest counts, queues and workers of the running stack', async ({ page, request }) => {
  const type = uniqueType('e2e_pipe');
  await logIn(page);
  await page.getByRole('link', { name: 'Pipeline' }).click();
  await expect(page).toHaveURL(/\/health/);
  const accepted = page.getByTestId('kpi-accepted').getByTestId('kpi-value');
  await expect(accepted).not.toHaveText('—');
  const before = Number((await accepted.textContent())?.replace(/\D/g, '') ?? '0');

  const now = Date.now();
  const events = Array.from({ length: 25 }, (_, i) => ({ id: `${type}-${i}`, type, ts: now - i }));
  expect((await postEvents(request, events)).status()).toBe(202);
  // The same five again (a client retry): accepted, then found to be duplicates by the worker.
  expect((await postEvents(request, events.slice(0, 5))).status()).toBe(202);

  await expect
    .poll(async () => Number((await accepted.textContent())?.replace(/\D/g, '') ?? '0'), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(before + 30);
  await expect
    .poll(
      async () =>
        Number((await page.getByTestId('kpi-duplicates').getByTestId('kpi-value').textContent()) ?? '0'),
      {
        timeout: 15_000,
      },
    )
    .toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId('kpi-ingest-rate').getByTestId('kpi-value')).not.toHaveText('—');
  await expect(page.getByTestId('pipeline-queues').locator('tr[data-queue="ingest"]')).toBeVisible();
  await expect(page.getByTestId('pipeline-workers').locator('tbody tr th')).not.toHaveCount(0);
  await expect(page.getByTestId('kpi-workers').getByTestId('kpi-value')).not.toHaveText('0');
  await expect(page.getByTestId('kpi-commit').getByTestId('kpi-value')).toHaveText(/ms|s$/);
  await page.screenshot({ path: 'test-results/screens/pipeline.png', fullPage: true });
});
