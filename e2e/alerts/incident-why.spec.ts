import { expect, test, type Page } from '@playwright/test';
import { e2eBase, logIn, postEvents, uniqueType } from '../helpers';

const screens = (name: string) => `test-results/screens/incident-${name}.png`;
const headers = { origin: e2eBase, 'content-type': 'application/json' };
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

// The reader's zone is New York, whatever the machine's: times must say EST or EDT.
test.use({ timezoneId: 'America/New_York' });

type Incident = { id: string; value: number; openedAt: string; series: Record<string, string> };

/**
 * A p95 latency rule over 5 minutes (> 300 ms, clears at 250) and a 20-second spike of slow checkouts
 * three minutes ago: the 5-minute p95 is over the threshold when the rule fires, the 10-second p95 not.
 */
async function slowCheckoutIncident(page: Page, request: Page['request']) {
  const type = uniqueType('e2e_latency');
  const metric = await page.request.post('/api/v1/metrics', {
    headers,
    data: {
      name: type,
      eventTypes: [type],
      aggregation: 'p95',
      valueField: 'value',
      dimensions: ['route'],
      unit: 'ms',
    },
  });
  expect(metric.status(), await metric.text()).toBe(201);
  const ruleName = `Slow checkout ${type}`;
  const rule = await page.request.post('/api/v1/rules', {
    headers,
    data: {
      name: ruleName,
      kind: 'threshold',
      metric: type,
      groupBy: ['route'],
      window: '5m',
      params: { op: '>', value: 300, clearValue: 250 },
    },
  });
  expect(rule.status(), await rule.text()).toBe(201);
  const ruleId = ((await rule.json()) as { id: string }).id;

  const now = Date.now();
  const events = [
    // One checkout a second at 100 ms over the last four minutes, on two routes.
    ...Array.from({ length: 240 }, (_, i) => ({ ts: now - 240_000 + i * 1000, value: 100 })).flatMap(
      (e, i) => [
        { id: `${type}-c${i}`, type, ...e, props: { route: '/checkout' } },
        { id: `${type}-h${i}`, type, ...e, props: { route: '/home' } },
      ],
    ),
    // Twenty seconds of 900 ms checkouts, two a second, three minutes ago.
    ...Array.from({ length: 40 }, (_, i) => ({
      id: `${type}-s${i}`,
      type,
      ts: now - 180_000 + i * 500,
      value: 900,
      props: { route: '/checkout' },
    })),
  ];
  expect((await postEvents(request, events)).status()).toBe(202);

  let incident: Incident | undefined;
  await expect(async () => {
    const list = await page.request.get(`/api/v1/incidents?rule=${ruleId}`);
    incident = ((await list.json()) as { incidents: Incident[] }).incidents[0];
    expect(incident?.series).toEqual({ route: '/checkout' });
  }).toPass({ timeout: 45_000 });
  return { type, ruleId, ruleName, incident: incident! };
}

test('the incident chart plots the rule’s own 5-minute p95 with threshold, clear line and the moment it fired, and links to the rule and to the same query in Explore', async ({
  page,
  request,
}) => {
  test.setTimeout(150_000);
  await logIn(page);
  const { type, ruleId, ruleName, incident } = await slowCheckoutIncident(page, request);
  const opened = Date.parse(incident.openedAt);

  // What the old chart drew: the 10-second p95 at the breach is the steady 100 ms, under the threshold.
  const raw = await page.request.get(
    `/api/v1/metrics/${type}/series?${new URLSearchParams({
      from: new Date(opened - 30_000).toISOString(),
      to: new Date(opened).toISOString(),
      step: '10s',
      group: 'route',
    }).toString()}`,
  );
  const rawBody = (await raw.json()) as {
    series: { group: { route: string }; points: [string, number][] }[];
  };
  const rawCheckout = rawBody.series.find((s) => s.group.route === '/checkout')!;
  expect(Math.max(...rawCheckout.points.map(([, v]) => v))).toBeLessThan(300);
  expect(incident.value).toBeGreaterThan(300);

  await page.goto(`/incidents/${incident.id}`);
  const detail = page.getByTestId('incident-detail');
  const chart = page.getByTestId('chart-incident');
  await expect(chart).toHaveAttribute('data-threshold', '300');
  await expect(chart).toHaveAttribute('data-clear', '250');
  await expect(chart).not.toHaveAttribute('data-points', '0');
  // The point where it fired is the rule's 5-minute p95 at that instant: over the threshold.
  expect(Number(await chart.getAttribute('data-breach-value'))).toBeGreaterThan(300);
  const why = page.getByTestId('incident-why');
  await expect(why).toContainText(`the p95 of ${type} over 5m for route=/checkout was`);
  await expect(why).toContainText(/was \d{3,} ms, above the threshold of 300 ms \(it clears below 250 ms\)/);
  const shown = Number(/was (\d+) ms/.exec((await why.textContent()) ?? '')?.[1]);
  expect(shown).toBeGreaterThan(300);
  await expect(why).toContainText(/\d{1,2}:\d{2}:\d{2}\s?[AP]M E[SD]T/);
  await expect(detail.getByTestId('incident-value')).toHaveText(`${Math.round(incident.value)} ms / 300 ms`);
  await page.screenshot({ path: screens('why-it-fired'), fullPage: true });

  // Open rule: the rules page, that rule marked.
  await expect(page.getByRole('link', { name: 'Open rule' })).toHaveAttribute(
    'href',
    `/rules?rule=${ruleId}`,
  );
  await page.getByRole('link', { name: 'Open rule' }).click();
  await expect(page.getByTestId(`rule-row-${ruleName}`)).toHaveAttribute('data-focused', 'true');
  await page.goBack();

  // Open in Explore: the same metric, rolling 5-minute window, grouping and series, around the incident.
  await page.getByRole('link', { name: 'Open in Explore' }).click();
  await expect(page).toHaveURL(/\/explore\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get('metric')).toBe(type);
  expect(url.searchParams.get('group')).toBe('route');
  expect(url.searchParams.get('window')).toBe('5m');
  expect(JSON.parse(url.searchParams.get('where') ?? '{}')).toEqual({ route: '/checkout' });
  expect(url.searchParams.get('range')).toBe('custom');
  await expect(page.getByLabel('Window')).toHaveValue('5m');
  await expect(page.getByTestId('explore-where')).toContainText('route=/checkout');
  const explore = page.getByTestId('chart-explore');
  await expect(explore).toHaveAttribute('data-series', '1');
  await expect(explore).not.toHaveAttribute('data-points', '0');
  await page.screenshot({ path: screens('explore-same-query'), fullPage: true });
});

test('the timeline reads in words; an operator is assigned by name; resolving asks for confirmation and keeps the note', async ({
  page,
  request,
}) => {
  test.setTimeout(150_000);
  await logIn(page);
  const tag = uniqueType('people');
  const operator = { email: `${tag}-olga@e2e.test`, name: `Olga ${tag}`, role: 'operator' };
  const viewer = { email: `${tag}-vic@e2e.test`, name: `Vic ${tag}`, role: 'viewer' };
  for (const user of [operator, viewer]) {
    const created = await page.request.post('/api/v1/users', { headers, data: user });
    expect(created.status(), await created.text()).toBe(201);
  }
  const { incident } = await slowCheckoutIncident(page, request);
  await page.goto(`/incidents/${incident.id}`);
  const detail = page.getByTestId('incident-detail');
  const timeline = detail.getByTestId('incident-timeline');

  // Any operator can be picked; a viewer, who could not act on it, is not offered.
  const picker = detail.getByTestId('assign-picker');
  await expect(picker.getByRole('option', { name: new RegExp(operator.name) })).toHaveCount(1);
  await expect(picker.getByRole('option', { name: new RegExp(viewer.name) })).toHaveCount(0);
  await picker.getByLabel('Assign to').selectOption({ label: `${operator.name} (${operator.email})` });
  await picker.getByRole('button', { name: 'Assign' }).click();
  await expect(detail.getByTestId('incident-assignee')).toHaveText(operator.name);
  await expect(timeline.locator('[data-kind="assigned"]')).toContainText(`assigned it to ${operator.name}`);

  // Resolve: a confirmation first; cancelling changes nothing.
  await detail.getByRole('button', { name: 'Resolve' }).click();
  const dialog = page.getByTestId('resolve-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Resolve this incident?' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(detail).toHaveAttribute('data-status', 'triggered');

  await detail.getByRole('button', { name: 'Resolve' }).click();
  await dialog.getByLabel('Resolution note (optional)').fill('Rolled back the payment SDK.');
  await page.screenshot({ path: screens('resolve-dialog'), fullPage: true });
  await dialog.getByRole('button', { name: 'Resolve incident' }).click();
  await expect(detail).toHaveAttribute('data-status', 'resolved');
  const resolved = timeline.locator('[data-kind="resolved"]');
  await expect(resolved).toContainText('resolved');
  await expect(resolved).toContainText('Rolled back the payment SDK.');

  // In words: the firing with its rounded value and unit, times in the reader's zone, no ids.
  await expect(timeline.locator('[data-kind="opened"]')).toContainText(
    `Fired: ${Math.round(incident.value)} ms, above the threshold of 300 ms`,
  );
  const text = (await timeline.innerText()).trim();
  expect(text).not.toMatch(uuid);
  expect(text).not.toMatch(/\d+\.\d{3,}/);
  expect(text).not.toMatch(/assigneeId|value:|threshold:/);
  for (const time of await timeline.locator('time').allInnerTexts()) expect(time).toMatch(/ E[SD]T$/);
  await page.screenshot({ path: screens('timeline-in-words'), fullPage: true });
});

test('changing a user’s role waits for a confirmation', async ({ page }) => {
  test.setTimeout(90_000);
  await logIn(page);
  const email = `${uniqueType('role')}@e2e.test`;
  const created = await page.request.post('/api/v1/users', {
    headers,
    data: { email, name: 'Role Change', role: 'viewer' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const userId = ((await created.json()) as { user: { id: string } }).user.id;
  const roleOf = async () =>
    ((await (await page.request.get(`/api/v1/users/${userId}`)).json()) as { role: string }).role;

  await page.goto('/admin/users');
  const row = page.getByTestId(`user-row-${email}`);
  const select = row.getByLabel(`Role of ${email}`);
  await select.selectOption('admin');
  const dialog = page.getByTestId('role-change-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Make ${email} an admin?`);
  await expect(dialog).toContainText('goes from viewer to admin');
  await page.screenshot({ path: screens('role-change-dialog'), fullPage: true });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(select).toHaveValue('viewer');
  expect(await roleOf()).toBe('viewer');

  await select.selectOption('operator');
  await dialog.getByRole('button', { name: 'Change role to operator' }).click();
  await expect(page.getByTestId('users-notice')).toHaveText(`${email} is now operator.`);
  await expect(select).toHaveValue('operator');
  expect(await roleOf()).toBe('operator');
});
