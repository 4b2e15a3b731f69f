import { expect, test, type Locator } from '@playwright/test';
import { e2eAdmin, e2eBase, openThresholdIncident, uniqueType } from './helpers';

const screens = (name: string) => `test-results/screens/time-zone-${name}.png`;

/** The `HH:mm` tick labels of a chart's time axis, once it has drawn them. */
async function axisTicks(chart: Locator): Promise<string[]> {
  let ticks: string[] = [];
  await expect
    .poll(async () => {
      ticks = (await chart.locator('svg text').allTextContents()).filter((t) => /^\d{2}:\d{2}$/.test(t));
      return ticks.length;
    })
    .toBeGreaterThan(1);
  return ticks;
}

/** `07:05` written `hours` later: `12:05`. */
const shifted = (tick: string, hours: number) => {
  const [h, m] = tick.split(':').map(Number) as [number, number];
  return `${String((h + hours + 24) % 24).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
};

test('times follow the reader: the browser’s zone by default, named; UTC once chosen on the account page', async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  // Set-up over the API (the log-in form has its own specs): the admin makes an incident and a viewer of
  // this test's own, so the preference this test sets changes nobody else's times.
  const headers = { origin: e2eBase, 'content-type': 'application/json' };
  expect((await page.request.post('/api/v1/session', { headers, data: e2eAdmin })).status()).toBe(200);
  const type = uniqueType('e2e_tz');
  const { incidentId } = await openThresholdIncident(page, type);
  const reader = { email: `${type}@e2e.test`, password: 'time-zone-reader-1' };
  const created = await page.request.post('/api/v1/users', {
    headers,
    data: { email: reader.email, role: 'viewer', password: reader.password },
  });
  expect(created.status(), await created.text()).toBe(201);

  // The reader's browser is in New York; no preference yet.
  const context = await browser.newContext({ timezoneId: 'America/New_York' });
  expect((await context.request.post('/api/v1/session', { headers, data: reader })).status()).toBe(200);
  const viewer = await context.newPage();

  await viewer.goto(`/incidents/${incidentId}`);
  const timeline = viewer.getByTestId('incident-timeline');
  await expect(timeline.locator('time').first()).toHaveText(/\d:\d{2}:\d{2}\s?[AP]M E[SD]T$/);
  const caption = viewer.getByTestId('incident-evaluation').getByTestId('time-zone-caption');
  await expect(caption).toHaveText(/^Times in America\/New_York \(E[SD]T\)$/);
  const chart = viewer.getByTestId('chart-incident');
  const newYorkTicks = await axisTicks(chart);
  const behindUtc = (await caption.textContent())?.includes('EDT') ? 4 : 5;
  await viewer.screenshot({ path: screens('browser-zone'), fullPage: true });

  // The incident list names the zone too.
  await viewer.goto('/incidents');
  const row = viewer.locator('tr', { has: viewer.locator(`a[href="/incidents/${incidentId}"]`) });
  await expect(row.locator('td[data-label="Opened"] time')).toHaveText(/\d:\d{2}:\d{2}\s?[AP]M E[SD]T$/);

  // Account: the browser's zone is the default, UTC is offered, the list is searchable.
  await viewer.goto('/admin');
  const form = viewer.getByTestId('time-zone-form');
  const zone = form.getByLabel('Show times in');
  await expect(zone).toHaveValue('');
  await expect(zone.locator('option').first()).toHaveText('Browser (America/New_York)');
  await form.getByLabel('Find a zone').fill('tokyo');
  await expect(zone.locator('option')).toHaveText(['Browser (America/New_York)', 'Asia/Tokyo']);
  await form.getByLabel('Find a zone').fill('');
  await zone.selectOption('UTC');
  await form.getByRole('button', { name: 'Save time zone' }).click();
  await expect(form.getByRole('status')).toHaveText('Times are now shown in UTC.');
  await expect(viewer.getByTestId('time-zone-now')).toHaveText('Times in UTC.');
  await viewer.screenshot({ path: screens('account-utc'), fullPage: true });

  // Stored on the user: a fresh page load shows UTC, though the browser is still in New York.
  await viewer.goto(`/incidents/${incidentId}`);
  await expect(timeline.locator('time').first()).toHaveText(/\d:\d{2}:\d{2}\s?[AP]M UTC$/);
  for (const time of await timeline.locator('time').allInnerTexts()) expect(time).toMatch(/ UTC$/);
  await expect(caption).toHaveText('Times in UTC');
  // The same axis, its ticks written 5 hours later (4 in summer): the axis itself is in UTC now.
  const utcTicks = await axisTicks(chart);
  expect(newYorkTicks.map((t) => shifted(t, behindUtc)).filter((t) => utcTicks.includes(t))).not.toEqual([]);
  await viewer.screenshot({ path: screens('utc'), fullPage: true });
  await context.close();
});
