import { expect, test, type Page } from '@playwright/test';
import { e2eBase, logIn, postEvents, uniqueType } from './helpers';

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
const headers = { origin: e2eBase, 'content-type': 'application/json' };
const minuteMs = 60_000;

// The reader's zone, named after each time: UTC here, whatever zone the machine running the test is in.
test.use({ timezoneId: 'UTC' });

/** `count` events of a type in one second of zone `zone`, at `ts`. */
const burst = (type: string, zone: string, ts: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    id: `${type}-${zone}-${ts}-${i}`,
    type,
    ts: ts + i * 10,
    props: { zone },
  }));

/**
 * Count metrics by zone on this test's own event types, and historic events sent with a backfill key (an
 * ordinary key's events older than the allowed lateness count only as late). Waits until the 1-minute
 * rollups hold them: the 6 h and 7 d previews read those.
 */
async function seedHistory(page: Page, metrics: string[], events: Array<{ type: string; ts: number }>) {
  for (const name of metrics) {
    const created = await page.request.post('/api/v1/metrics', {
      headers,
      data: { name, eventTypes: [name], aggregation: 'count', dimensions: ['zone'] },
    });
    expect(created.status(), await created.text()).toBe(201);
  }
  const key = await page.request.post('/api/v1/ingest-keys', {
    headers,
    data: { name: uniqueType('e2e_backfill'), source: 'default', canBackfill: true },
  });
  expect(key.status(), await key.text()).toBe(201);
  const posted = await postEvents(page.request, events, ((await key.json()) as { key: string }).key);
  expect(posted.status(), await posted.text()).toBe(202);
  const from = new Date(Math.min(...events.map((e) => e.ts)) - minuteMs).toISOString();
  const to = new Date().toISOString();
  for (const name of metrics) {
    const expected = events.filter((e) => e.type === name).length;
    await expect
      .poll(
        async () => {
          const r = await page.request.get(`/api/v1/metrics/${name}/series?from=${from}&to=${to}&step=1m`);
          const body = (await r.json()) as { series: Array<{ points: Array<[string, number | null]> }> };
          return body.series.flatMap((s) => s.points).reduce((n, [, v]) => n + (v ?? 0), 0);
        },
        { timeout: 20_000 },
      )
      .toBe(expected);
  }
}

/** Half past a minute, `ago` before now: a burst there stays within one second and one minute. */
const halfPast = (ago: number) => Math.floor((Date.now() - ago) / minuteMs) * minuteMs + 30_000;

test('the rule and surge previews replay a draft over 1 h, 6 h and 7 d and list when it would have fired', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const type = uniqueType('e2e_preview');
  const demand = uniqueType('e2e_preview_demand');
  const supply = uniqueType('e2e_preview_supply');
  const threeHoursAgo = halfPast(3 * 3_600_000);
  const twoDaysAgo = halfPast(2 * 86_400_000);
  await logIn(page);
  // One history for both: a rule metric that breaches 3 h and 2 days ago in the north, and demand three
  // times the supply in the north 3 h ago (the south balanced).
  await seedHistory(
    page,
    [type, demand, supply],
    [
      ...burst(type, 'north', threeHoursAgo, 30),
      ...burst(type, 'north', twoDaysAgo, 30),
      ...burst(type, 'south', threeHoursAgo, 5),
      ...burst(demand, 'north', threeHoursAgo, 30),
      ...burst(supply, 'north', threeHoursAgo, 10),
      ...burst(demand, 'south', threeHoursAgo, 10),
      ...burst(supply, 'south', threeHoursAgo, 10),
    ],
  );

  await test.step('rule preview', async () => {
    await nav(page, 'Rules');
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByTestId('rule-form');
    await form.getByLabel('Name', { exact: true }).fill(`E2E preview ${type}`);
    const groupBy = form.getByRole('group', { name: 'Group by' });
    await expect(groupBy).toContainText('Choose a metric to pick its dimensions.');
    await form.getByLabel('Metric').selectOption(type);
    // The metric's dimensions are the choices; no free text.
    await expect(groupBy.getByRole('checkbox')).toHaveCount(1);
    await groupBy.getByRole('checkbox', { name: 'zone' }).check();
    await form.getByLabel('Window').selectOption('1m');
    await form.getByLabel('Operator').selectOption('>');
    await form.getByLabel('Threshold').fill('20');
    await form.getByLabel('Pending seconds').fill('0');

    const preview = form.getByTestId('rule-preview');
    const ranges = preview.getByRole('group', { name: 'Preview range' });
    await expect(ranges.getByRole('button', { name: '24 h' })).toHaveAttribute('aria-pressed', 'true');
    await ranges.getByRole('button', { name: '1 h' }).click();
    await preview.getByRole('button', { name: 'Preview (last 1 h)' }).click();
    const summary = preview.getByTestId('preview-summary');
    await expect(summary).toHaveText('Would not have fired in the last 1 h.');
    await expect(preview.getByTestId('preview-firings')).toHaveCount(0);

    // Another range replays at once.
    await ranges.getByRole('button', { name: '6 h' }).click();
    await expect(summary).toHaveText('Would have fired 1 time in the last 6 h.');
    const rows = preview.getByTestId('preview-firing');
    await expect(rows).toHaveCount(1);
    const cells = rows.first().getByRole('cell');
    await expect(cells.nth(0)).toHaveText('zone=north');
    // Fired at the first minute after the burst, resolved a minute later; in the reader's zone, shown.
    await expect(cells.nth(1).locator('time')).toHaveAttribute(
      'datetime',
      new Date(threeHoursAgo + 30_000).toISOString(),
    );
    await expect(cells.nth(1)).toHaveText(/\d{1,2}:\d{2}.*(UTC|GMT)/);
    await expect(cells.nth(2).locator('time')).toHaveAttribute(
      'datetime',
      new Date(threeHoursAgo + 90_000).toISOString(),
    );
    await expect(cells.nth(3)).toHaveText('30');

    await ranges.getByRole('button', { name: '7 d' }).click();
    await expect(summary).toHaveText('Would have fired 2 times in the last 7 d.');
    await expect(rows).toHaveCount(2);
    await expect(rows.first().getByRole('cell').first()).toHaveText('zone=north');
    await preview.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/rule-preview.png', fullPage: true });
  });

  await test.step('surge preview', async () => {
    await nav(page, 'Surges');
    await page.getByRole('button', { name: 'New surge rule' }).click();
    const form = page.getByTestId('surge-form');
    await form.getByLabel('Name', { exact: true }).fill(`E2E surge preview ${demand}`);
    await form.getByLabel('Demand metric').selectOption(demand);
    await form.getByLabel('Supply metric').selectOption(supply);
    const groupBy = form.getByRole('group', { name: 'Group by' });
    await expect(groupBy.getByRole('checkbox')).toHaveCount(1);
    await groupBy.getByRole('checkbox', { name: 'zone' }).uncheck();
    await groupBy.getByRole('checkbox', { name: 'zone' }).check();
    await form.getByLabel('Window', { exact: true }).selectOption('1m');
    await form.getByLabel('Incident from').selectOption('1.5');

    const preview = form.getByTestId('surge-preview');
    const ranges = preview.getByRole('group', { name: 'Preview range' });
    await ranges.getByRole('button', { name: '1 h' }).click();
    await preview.getByRole('button', { name: 'Preview (last 1 h)' }).click();
    const summary = preview.getByTestId('surge-preview-summary');
    await expect(summary).toHaveText('Would not have surged in the last 1 h.');

    await ranges.getByRole('button', { name: '6 h' }).click();
    await expect(summary).toHaveText('Would have surged 1 time in the last 6 h.');
    const rows = preview.getByTestId('surge-preview-row');
    await expect(rows).toHaveCount(1);
    const cells = rows.first().getByRole('cell');
    await expect(cells.nth(0)).toHaveText('zone=north');
    await expect(cells.nth(1).locator('time')).toHaveAttribute(
      'datetime',
      new Date(threeHoursAgo + 30_000).toISOString(),
    );
    await expect(cells.nth(3)).toHaveText('×2 (ratio 3.00)');
    await expect(cells.nth(4)).toHaveText('would open');
    await preview.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/surge-preview.png', fullPage: true });
  });
});
