import { expect, test, type Page } from '@playwright/test';
import { e2eBase, logIn, postEvents, uniqueType } from './helpers';

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

test('a surge rule made in the UI heats a zone live, opens an incident above its tier, and cools down when supply catches up', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const demandType = uniqueType('e2e_ride_request');
  const supplyType = uniqueType('e2e_driver_available');
  const ruleName = `E2E surge ${demandType}`;

  await logIn(page);
  // Count metrics per zone over this test's own event types, through the API with the admin's session.
  for (const [name, type] of [
    [demandType, demandType],
    [supplyType, supplyType],
  ] as const) {
    const created = await page.request.post('/api/v1/metrics', {
      headers: { origin: e2eBase, 'content-type': 'application/json' },
      data: { name, eventTypes: [type], aggregation: 'count', dimensions: ['zone'] },
    });
    expect(created.status(), await created.text()).toBe(201);
  }

  await nav(page, 'Surges');
  await expect(page.getByRole('heading', { level: 1, name: 'Surges' })).toBeVisible();
  await page.getByRole('button', { name: 'New surge rule' }).click();
  const form = page.getByTestId('surge-form');

  // Checked with the server's schema before any request: errors show under their inputs.
  await form.getByLabel('Tier 2 ratio').fill('1.5');
  await form.getByRole('button', { name: 'Create surge rule' }).click();
  await expect(form.getByTestId('surge-error-name')).toBeVisible();
  await expect(form.getByTestId('surge-error-demandMetric')).toBeVisible();
  await expect(form.getByTestId('surge-error-tiers.1.ratio')).toHaveText('tier ratios must be distinct');
  await form.getByLabel('Tier 2 ratio').fill('2');
  await expect(form.getByTestId('surge-error-tiers.1.ratio')).toHaveCount(0);

  await form.getByLabel('Name', { exact: true }).fill(ruleName);
  await expect(form.getByLabel('Demand metric').locator(`option[value="${demandType}"]`)).toHaveCount(1);
  await form.getByLabel('Demand metric').selectOption(demandType);
  await form.getByLabel('Supply metric').selectOption(supplyType);
  await form.getByRole('group', { name: 'Group by' }).getByRole('checkbox', { name: 'zone' }).check();
  await form.getByLabel('Window', { exact: true }).selectOption('1m');
  await form.getByLabel('Hold seconds').fill('0');
  await form.getByLabel('Cooldown seconds').fill('0');
  // Tiers as filled in: ≥1.5 → ×1.2, ≥2 → ×1.5, ≥3 → ×2; an incident from ×1.5.
  await form.getByLabel('Incident from').selectOption('1.5');
  await form.getByLabel('Incident severity').selectOption('error');
  await form.getByRole('button', { name: 'Create surge rule' }).click();
  await expect(page.getByTestId('surges-notice')).toHaveText(`Surge rule ${ruleName} created.`);
  const row = page.getByTestId(`surge-row-${ruleName}`);
  await expect(row).toContainText('≥1.5 → ×1.2, ≥2 → ×1.5, ≥3 → ×2');
  await expect(row).toContainText('from ×1.5');

  const live = page.getByTestId('surge-live');
  await expect(live).toHaveAttribute('data-rule', ruleName);
  const chart = page.getByTestId('chart-surge-multipliers');

  // North: 30 requests for 10 drivers (ratio 3 → ×2); south balanced.
  const now = Date.now();
  const events = (type: string, zone: string, count: number, tag: string) =>
    Array.from({ length: count }, (_, i) => ({
      id: `${type}-${zone}-${tag}-${i}`,
      type,
      ts: now - i * 20,
      props: { zone },
    }));
  const posted = await postEvents(request, [
    ...events(demandType, 'north', 30, 'a'),
    ...events(supplyType, 'north', 10, 'a'),
    ...events(demandType, 'south', 10, 'a'),
    ...events(supplyType, 'south', 10, 'a'),
  ]);
  expect(posted.status()).toBe(202);
  const postedAt = Date.now();

  const north = live.locator('[data-testid="surge-cell"][data-group="zone=north"]');
  await expect(north).toHaveAttribute('data-multiplier', '2', { timeout: 15_000 });
  const surgeAfterMs = Date.now() - postedAt;
  await expect(north).toHaveAttribute('data-incident', 'true');
  await expect(north).toContainText('×2');
  await expect(chart).toHaveAttribute('data-latest', /zone=north:2/);
  await expect(chart).not.toHaveAttribute('data-changes', '0');
  const south = live.locator('[data-testid="surge-cell"][data-group="zone=south"]');
  await expect(south).toHaveAttribute('data-multiplier', '1', { timeout: 15_000 });
  await expect(south).not.toHaveAttribute('data-incident', 'true');
  test.info().annotations.push({ type: 'post-to-heat-cell-ms', description: String(surgeAfterMs) });

  // The surge incident arrives live (toast), and is acknowledged from it.
  const title = `Surge ×2 — ${ruleName} (zone=north)`;
  const toast = page.getByTestId('incident-toast').filter({ hasText: title });
  await expect(toast).toBeVisible({ timeout: 15_000 });
  await expect(toast.getByTestId('severity-badge')).toHaveText('error');
  await page.screenshot({ path: 'test-results/screens/surges.png', fullPage: true });
  await toast.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(toast).toHaveCount(0);

  // Supply catches up in the north: 30 requests for 30 drivers → ×1, and the incident resolves itself.
  const balanced = await postEvents(request, events(supplyType, 'north', 20, 'b'));
  expect(balanced.status()).toBe(202);
  await expect(north).toHaveAttribute('data-multiplier', '1', { timeout: 15_000 });
  await expect(north).not.toHaveAttribute('data-incident', 'true');
  await expect(chart).toHaveAttribute('data-latest', /zone=north:1/);

  await nav(page, 'Incidents');
  await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();
  const incidentRow = page.locator('[data-testid^="incident-row-"]').filter({ hasText: title });
  await expect(incidentRow).toHaveCount(1);
  await expect(incidentRow.getByTestId('status-badge')).toHaveText('resolved', { timeout: 15_000 });
  await expect(incidentRow).toContainText(`surge · ${ruleName}`);

  // The response times count it under the surge rule: acknowledged and resolved, with durations.
  const stats = page.getByTestId('stats-rule-row').filter({ hasText: ruleName });
  await expect(stats).toHaveCount(1, { timeout: 15_000 });
  const cells = stats.locator('td');
  await expect(cells.nth(0)).toHaveText('1');
  await expect(cells.nth(1)).toHaveText('1');
  await expect(cells.nth(2)).toHaveText(/^\d+ s$|^\d+ m \d+ s$/);
  await expect(cells.nth(4)).toHaveText('1');
  await expect(cells.nth(5)).toHaveText(/^\d+ s$|^\d+ m \d+ s$/);
  await expect(page.getByTestId('stats-overall').locator('td').nth(0)).not.toHaveText('0');

  // The incident links back to its surge rule and charts the zone's multiplier.
  await incidentRow.getByRole('link', { name: title }).click();
  await expect(page.getByTestId('incident-detail')).toBeVisible();
  await expect(page.getByTestId('chart-surge-multipliers')).toHaveAttribute('data-latest', /zone=north:1/);
  await page.getByTestId('incident-rule').getByRole('link', { name: ruleName }).click();
  await expect(page.getByTestId('surge-live')).toHaveAttribute('data-rule', ruleName);
});

test('the rule editor has inputs of their own for rate of change, anomaly and no data, with errors under each', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const type = uniqueType('e2e_kinds');
  await logIn(page);
  const created = await page.request.post('/api/v1/metrics', {
    headers: { origin: e2eBase, 'content-type': 'application/json' },
    data: { name: type, eventTypes: [type], aggregation: 'count' },
  });
  expect(created.status(), await created.text()).toBe(201);

  await nav(page, 'Rules');
  await page.getByRole('button', { name: 'New rule' }).click();
  let form = page.getByTestId('rule-form');
  const rate = `E2E rate ${type}`;
  await form.getByLabel('Name', { exact: true }).fill(rate);
  await form.getByLabel('Kind').selectOption('rate_of_change');
  await form.getByLabel('Metric').selectOption(type);
  const fields = form.getByTestId('kind-fields-rate_of_change');
  await expect(fields).toBeVisible();
  await expect(form.getByLabel('Parameters (JSON)')).toHaveCount(0);
  await fields.getByLabel('Compare to').selectOption('same_time_yesterday');
  await fields.getByLabel('Operator').selectOption('>');
  await fields.getByLabel('Change (%)').fill('a lot');
  await fields.getByLabel('Clear at (%)').fill('60');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form.getByTestId('rule-error-params.percent')).toBeVisible();
  await fields.getByLabel('Change (%)').fill('50');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form.getByTestId('rule-error-params.clearPercent')).toHaveText(
    'clearPercent must lie on the non-firing side of percent',
  );
  await fields.getByLabel('Clear at (%)').fill('20');
  await expect(form.getByTestId('rule-error-params.clearPercent')).toHaveCount(0);
  // The preview replays the draft as the inputs made it.
  await form.getByRole('button', { name: 'Preview (last 24 h)' }).click();
  await expect(form.getByTestId('preview-summary')).toHaveText(
    /Would (not have fired|have fired \d+ times?) in the last 24 h\./,
  );
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByTestId('rules-notice')).toHaveText(`Rule ${rate} created.`);
  // Stored params come back in jsonb's key order, so each is checked on its own.
  for (const part of ['compare=same_time_yesterday', 'op=>', 'percent=50', 'clearPercent=20']) {
    await expect(page.getByTestId(`rule-row-${rate}`)).toContainText(part);
  }
  // Editing shows the stored params in the same inputs.
  await page.getByRole('button', { name: `Edit ${rate}` }).click();
  form = page.getByTestId('rule-form');
  await expect(form.getByLabel('Change (%)')).toHaveValue('50');
  await expect(form.getByLabel('Compare to')).toHaveValue('same_time_yesterday');
  await form.getByRole('button', { name: 'Cancel' }).click();

  const anomaly = `E2E anomaly ${type}`;
  await page.getByRole('button', { name: 'New rule' }).click();
  form = page.getByTestId('rule-form');
  await form.getByLabel('Name', { exact: true }).fill(anomaly);
  await form.getByLabel('Kind').selectOption('anomaly');
  await form.getByLabel('Metric').selectOption(type);
  const anomalyFields = form.getByTestId('kind-fields-anomaly');
  await expect(anomalyFields.getByLabel('Sensitivity')).toHaveValue('medium');
  await anomalyFields.getByLabel('Sensitivity').selectOption('high');
  await anomalyFields.getByLabel('Seasonality').selectOption('weekly');
  await anomalyFields.getByLabel('Lookback').fill('0');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form.getByTestId('rule-error-params.lookback')).toBeVisible();
  await anomalyFields.getByLabel('Lookback').fill('');
  await form.getByRole('button', { name: 'Create rule' }).click();
  for (const part of ['sensitivity=high', 'seasonality=weekly']) {
    await expect(page.getByTestId(`rule-row-${anomaly}`)).toContainText(part);
  }

  const quiet = `E2E no data ${type}`;
  await page.getByRole('button', { name: 'New rule' }).click();
  form = page.getByTestId('rule-form');
  await form.getByLabel('Name', { exact: true }).fill(quiet);
  await form.getByLabel('Kind').selectOption('no_data');
  await form.getByLabel('Metric').selectOption(type);
  const quietFields = form.getByTestId('kind-fields-no_data');
  await quietFields.getByLabel('Event type').fill(type);
  await quietFields.getByLabel('Duration (seconds)').fill('5');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form.getByTestId('rule-error-params.for')).toBeVisible();
  await quietFields.getByLabel('Duration (seconds)').fill('120');
  // The server's own check: the metric is not stored by event type, said under the inputs.
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(quietFields).toContainText(`metric ${type} is not stored by type`);
  await quietFields.getByLabel('Event type').fill('');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByTestId(`rule-row-${quiet}`)).toContainText('for=120');

  // The no-data rule, ungrouped on a metric that gets no events, fires within seconds and stays open: the
  // specs after this one share the stack, so its rules go.
  const listed = (await (await page.request.get('/api/v1/rules')).json()) as {
    rules: { id: string; name: string }[];
  };
  const mine = listed.rules.filter((r) => [rate, anomaly, quiet].includes(r.name));
  expect(mine).toHaveLength(3);
  for (const rule of mine) {
    const deleted = await page.request.delete(`/api/v1/rules/${rule.id}`, { headers: { origin: e2eBase } });
    expect(deleted.status(), await deleted.text()).toBe(204);
  }
});
