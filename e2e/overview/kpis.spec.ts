import { expect, test, type Locator } from '@playwright/test';
import { logIn, postEvents, uniqueType } from '../helpers';

/** `$1,234.50` → 1234.5; `95.3 ms` → 95.3; a dash → NaN. */
async function numberIn(locator: Locator): Promise<number> {
  const text = (await locator.innerText()).replace(/[^0-9.-]/g, '');
  return text ? Number(text) : Number.NaN;
}

test('Revenue / min and API p95 latency follow purchases and API requests live', async ({
  page,
  request,
}) => {
  await logIn(page);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');
  const revenueTile = page.getByTestId('kpi-revenue-per-minute');
  const latencyTile = page.getByTestId('kpi-latency-p95');
  await expect(revenueTile).toHaveAttribute('data-state', 'ready');
  await expect(latencyTile).toHaveAttribute('data-state', 'ready');

  // Known purchases (the e2e database is shared, so other purchases may add to the total: assert ≥).
  const tag = uniqueType('kpis');
  const amounts = [19.99, 5.01, 125, 50, 0.5];
  const total = amounts.reduce((a, b) => a + b, 0);
  // API requests with latencies 1…100 ms: their p95 is about 95 ms.
  const latencies = Array.from({ length: 100 }, (_, i) => i + 1);
  const r = await postEvents(request, [
    ...amounts.map((value, i) => ({ id: `${tag}-purchase-${i}`, type: 'purchase', value })),
    ...latencies.map((value, i) => ({
      id: `${tag}-request-${i}`,
      type: 'api_request',
      value,
      props: { endpoint: '/e2e/kpis' },
    })),
  ]);
  expect(r.status()).toBe(202);

  const revenueValue = revenueTile.getByTestId('kpi-value');
  await expect(revenueValue).toHaveText(/^\$[\d,]+\.\d\d$/, { timeout: 15_000 });
  await expect.poll(() => numberIn(revenueValue), { timeout: 15_000 }).toBeGreaterThanOrEqual(total);

  // The tile polls the rolling 1-minute p95 every 5 s.
  const latencyValue = latencyTile.getByTestId('kpi-value');
  await expect(latencyValue).toHaveText(/ ms$/, { timeout: 20_000 });
  const p95 = await numberIn(latencyValue);
  expect(p95).toBeGreaterThanOrEqual(88);
  expect(p95).toBeLessThanOrEqual(102);

  await expect
    .poll(async () => Number(await page.getByTestId('chart-revenue').getAttribute('data-points')))
    .toBeGreaterThan(0);
  await expect
    .poll(async () => Number(await page.getByTestId('chart-latency-p95').getAttribute('data-points')))
    .toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/screens/overview-kpis.png', fullPage: true });
});

test('without the revenue and latency metrics the tiles and charts say so instead of breaking', async ({
  page,
}) => {
  // As if an admin had deleted both: the catalogue the page reads leaves them out.
  await page.route('**/api/v1/metrics', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { metrics: Array<{ name: string }> };
    const metrics = body.metrics.filter((m) => m.name !== 'revenue' && m.name !== 'api_latency_p95');
    await route.fulfill({ response, json: { metrics } });
  });
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await logIn(page);

  for (const [slug, name] of [
    ['revenue-per-minute', 'revenue'],
    ['latency-p95', 'api_latency_p95'],
  ] as const) {
    const tile = page.getByTestId(`kpi-${slug}`);
    await expect(tile).toHaveAttribute('data-state', 'absent');
    await expect(tile.getByTestId('kpi-value')).toHaveText('—');
    await expect(tile).toContainText(`no ${name} metric in the catalogue`);
  }
  for (const slug of ['revenue', 'latency-p95']) {
    const chart = page.getByTestId(`chart-${slug}`);
    await expect(chart).toHaveAttribute('data-points', '0');
    await expect(chart.locator('..')).toContainText('is not in the catalogue');
  }
  // The rest of the overview still works.
  await expect(page.getByTestId('kpi-events-per-second')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByRole('alert').filter({ hasText: 'Could not load' })).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
