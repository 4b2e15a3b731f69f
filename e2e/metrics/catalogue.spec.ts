import { expect, test, type Page } from '@playwright/test';
import { e2eBase, logIn, postEvents, uniqueType } from '../helpers';

function randomSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

async function openCatalogue(page: Page) {
  await logIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Metrics' }).click();
  await expect(page).toHaveURL(/\/catalogue$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Metrics' })).toBeVisible();
}

test('the catalogue lists built-in and starter metrics with how each is computed', async ({ page }) => {
  await openCatalogue(page);
  const events = page.getByTestId('metric-row-events');
  await expect(events).toContainText('count');
  await expect(events).toContainText('built-in');
  await expect(page.getByTestId('metric-row-revenue')).toContainText('sum(value)');
  await expect(page.getByTestId('metric-row-revenue')).toContainText('USD');
  await expect(page.getByTestId('metric-row-api_error_rate').getByTestId('metric-ratio')).toHaveText(
    'api_errors / api_requests × 100',
  );
  // Built-in metrics cannot be deleted, so they offer no Delete button; custom ones do.
  await expect(events.getByRole('button', { name: 'Delete events' })).toHaveCount(0);
  await expect(events.getByRole('button', { name: 'Edit events' })).toBeVisible();
});

test('an admin creates a metric, watches it live, edits its unit and deletes it', async ({
  page,
  request,
}) => {
  // Creates, watches, edits and deletes through five dialogs: over a minute when two stacks share the cores.
  test.setTimeout(150_000);
  const type = uniqueType('e2e_amount');
  const name = `e2e_amount_${randomSuffix()}`;
  const ratio = `e2e_share_${randomSuffix()}`;
  const metricPosts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/metrics') metricPosts.push(r.url());
  });

  await openCatalogue(page);
  await page.getByRole('button', { name: 'New metric' }).click();
  const form = page.getByTestId('metric-form');
  await expect(form.getByRole('heading', { name: 'New metric' })).toBeFocused();

  // Checked in the browser with the route's own schema: an invalid name is refused next to the field.
  await form.getByLabel('Name').fill('Amount In Cents!');
  await form.getByRole('button', { name: 'Create metric' }).click();
  await expect(form.getByTestId('field-error-name')).toHaveText(
    'metric names use lowercase letters, digits and _',
  );
  await expect(form.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Name')).toBeFocused();
  await expect(page.getByRole('alert').filter({ hasText: 'highlighted field' })).toBeVisible();

  // Fixing the name clears its error; a p95 without a value field is refused at the value field.
  await form.getByLabel('Name').fill(name);
  await expect(form.getByTestId('field-error-name')).toHaveCount(0);
  await form.getByLabel('Aggregation').selectOption('p95');
  await form.getByRole('button', { name: 'Create metric' }).click();
  await expect(form.getByTestId('field-error-valueField')).toHaveText('p95 needs a valueField');
  await expect(form.getByLabel('Value field')).toHaveAccessibleDescription(/p95 needs a valueField/);
  await expect(form.getByLabel('Value field')).toBeFocused();
  expect(metricPosts).toHaveLength(0);
  await page.screenshot({ path: 'test-results/screens/metrics-form-errors.png', fullPage: true });

  // A valid sum metric for this test's own event type.
  await form.getByLabel('Aggregation').selectOption('sum');
  await form.getByLabel('Value field').fill('value');
  await expect(form.getByTestId('field-error-valueField')).toHaveCount(0);
  await form.getByLabel('Description').fill('Amounts sent by the e2e suite');
  await form.getByLabel('Event types').fill(type);
  await form.getByLabel('Unit').fill('USD');
  await form.getByRole('button', { name: 'Create metric' }).click();
  await expect(page.getByTestId('metrics-notice')).toHaveText(`Metric ${name} created.`);
  expect(metricPosts).toHaveLength(1);

  const row = page.getByTestId(`metric-row-${name}`);
  await expect(row).toContainText('sum(value)');
  await expect(row).toContainText(type);
  await expect(row.getByTestId('metric-unit')).toHaveText('USD');
  await expect(row.getByText('built-in')).toHaveCount(0);

  // The new metric's row is open on its live chart; events of its type make it show data without a reload.
  const chart = page.getByTestId(`chart-metric-${name}`);
  await expect(chart).toHaveAttribute('data-points', '0');
  let batch = 0;
  await expect
    .poll(
      async () => {
        // Workers pick a new metric up within seconds; until then its events are not counted, so keep sending.
        batch += 1;
        const r = await postEvents(
          request,
          [12.5, 7.5].map((value, i) => ({ id: `${type}-${batch}-${i}`, type, value })),
        );
        expect(r.status()).toBe(202);
        return Number(await chart.getAttribute('data-points'));
      },
      { timeout: 30_000, intervals: [1_500] },
    )
    .toBeGreaterThan(0);
  await expect(page.getByTestId(`metric-detail-${name}`).getByTestId('metric-current')).toHaveText(/^\$\d/, {
    timeout: 15_000,
  });

  // A server-side refusal that names a field shows next to that field: the name is taken.
  await page.getByRole('button', { name: 'New metric' }).click();
  await form.getByLabel('Name').fill(name);
  await form.getByRole('button', { name: 'Create metric' }).click();
  await expect(form.getByTestId('field-error-name')).toHaveText(`a metric named ${name} exists`);
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toHaveCount(0);

  // Edit the unit.
  await row.getByRole('button', { name: `Edit ${name}` }).click();
  await expect(form.getByRole('heading', { name: `Edit metric ${name}` })).toBeFocused();
  await expect(form.getByLabel('Name')).toHaveValue(name);
  await form.getByLabel('Unit').fill('EUR');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('metrics-notice')).toHaveText(`Metric ${name} updated.`);
  await expect(row.getByTestId('metric-unit')).toHaveText('EUR');
  await page.screenshot({ path: 'test-results/screens/metrics.png', fullPage: true });

  // A ratio over it: created in ratio mode; while it exists the server refuses to delete the metric.
  await page.getByRole('button', { name: 'New metric' }).click();
  await form.getByLabel('Name').fill(ratio);
  await form.getByRole('radio', { name: /Ratio of two metrics/ }).check();
  await form.getByLabel('Numerator').selectOption(name);
  await form.getByLabel('Denominator').selectOption('events');
  await form.getByLabel('Scale').fill('');
  await form.getByRole('button', { name: 'Create metric' }).click();
  await expect(page.getByTestId(`metric-row-${ratio}`).getByTestId('metric-ratio')).toHaveText(
    `${name} / events`,
  );

  // And a rule on it: a metric deleted under a rule would leave the rule unable to ever fire.
  const ruleName = `E2E total ${name}`;
  const created = await page.request.post('/api/v1/rules', {
    headers: { origin: e2eBase, 'content-type': 'application/json' },
    data: { name: ruleName, kind: 'threshold', metric: name, window: '1m', params: { op: '>', value: 1e9 } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const ruleId = ((await created.json()) as { id: string }).id;
  await page.reload();

  await row.getByRole('button', { name: `Delete ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Delete metric ${name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(ratio);
  await expect(dialog).toContainText(`The rule ${ruleName} evaluates it and would never fire again`);
  await page.screenshot({ path: 'test-results/screens/metric-delete-in-use.png' });
  await dialog.getByRole('button', { name: 'Delete metric' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`the ratio ${ratio} uses this metric`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // Delete the ratio: the rule still holds the metric; then the rule, then the metric.
  await page
    .getByTestId(`metric-row-${ratio}`)
    .getByRole('button', { name: `Delete ${ratio}` })
    .click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete metric' }).click();
  await expect(page.getByTestId('metrics-notice')).toHaveText(`Metric ${ratio} deleted.`);
  await row.getByRole('button', { name: `Delete ${name}` }).click();
  await dialog.getByRole('button', { name: 'Delete metric' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`rule "${ruleName}" (no metric named ${name})`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const removed = await page.request.delete(`/api/v1/rules/${ruleId}`, { headers: { origin: e2eBase } });
  expect(removed.status(), await removed.text()).toBe(204);

  await row.getByRole('button', { name: `Delete ${name}` }).click();
  await dialog.getByRole('button', { name: 'Delete metric' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('metrics-notice')).toHaveText(`Metric ${name} deleted.`);
  await expect(row).toHaveCount(0);
  const check = await page.request.get(`/api/v1/metrics/${name}`);
  expect(check.status()).toBe(404);
});
