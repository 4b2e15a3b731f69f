import { expect, test, type WebSocketRoute } from '@playwright/test';
import { e2eBase, logIn, postEvents, uniqueType } from '../helpers';

test('a threshold rule made in the UI opens an incident live, which is acknowledged from the toast and resolves', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const type = uniqueType('e2e_alert');
  const metric = type;
  const ruleName = `E2E breach ${type}`;

  await logIn(page);
  // A count metric over this test's own event type, through the API with the admin's session.
  const created = await page.request.post('/api/v1/metrics', {
    headers: { origin: e2eBase, 'content-type': 'application/json' },
    data: { name: metric, eventTypes: [type], aggregation: 'count' },
  });
  expect(created.status(), await created.text()).toBe(201);

  // The rule, in the UI: window 1m, > 20, pending 0, auto-resolve on.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rules' })).toBeVisible();
  await page.getByRole('button', { name: 'New rule' }).click();
  const form = page.getByTestId('rule-form');
  // Checked with the server's schema before any request: errors show next to their fields.
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form.getByTestId('rule-error-name')).toBeVisible();
  await expect(form.getByTestId('rule-error-value')).toBeVisible();

  await form.getByLabel('Name').fill(ruleName);
  await expect(form.getByLabel('Metric').locator(`option[value="${metric}"]`)).toHaveCount(1);
  await form.getByLabel('Metric').selectOption(metric);
  await form.getByLabel('Window').selectOption('1m');
  await form.getByLabel('Operator').selectOption('>');
  await form.getByLabel('Threshold').fill('20');
  await form.getByLabel('Pending seconds').fill('0');
  await form.getByLabel('Severity').selectOption('critical');
  await expect(form.getByLabel('Auto-resolve when the rule clears')).toBeChecked();
  await expect(form.getByTestId('rule-error-name')).toHaveCount(0);

  // Preview over the last 24 h: nothing happened yet.
  await form.getByRole('button', { name: 'Preview (last 24 h)' }).click();
  await expect(form.getByTestId('preview-summary')).toHaveText('Would not have fired in the last 24 h.');

  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByTestId('rules-notice')).toHaveText(`Rule ${ruleName} created.`);
  await expect(page.getByTestId(`rule-row-${ruleName}`)).toContainText('> 20 over 1m');

  // Watch the incident list; the toaster lives in the console layout.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();
  await expect(page.getByTestId('incidents-table')).toHaveAttribute('aria-busy', 'false');

  const now = Date.now();
  const events = Array.from({ length: 50 }, (_, i) => ({ id: `${type}-${i}`, type, ts: now - i * 10 }));
  const posted = await postEvents(request, events);
  expect(posted.status()).toBe(202);
  const postedAt = Date.now();

  const toast = page.getByTestId('incident-toast').filter({ hasText: ruleName });
  await expect(toast).toBeVisible({ timeout: 15_000 });
  const liveAfterMs = Date.now() - postedAt;
  await expect(toast.getByTestId('severity-badge')).toHaveText('critical');
  const row = page.locator('[data-testid^="incident-row-"]').filter({ hasText: ruleName });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('status-badge')).toHaveText('triggered');
  test.info().annotations.push({ type: 'breach-to-toast-ms', description: String(liveAfterMs) });

  await toast.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(toast).toHaveCount(0);
  await expect(row.getByTestId('status-badge')).toHaveText('acknowledged');

  // Open it: timeline, chart; then no more events, so the 1-minute window empties and it auto-resolves.
  await row.getByRole('link', { name: new RegExp(ruleName) }).click();
  const detail = page.getByTestId('incident-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('incident-timeline')).toContainText('acknowledged');
  await expect(detail.getByRole('button', { name: 'Resolve' })).toBeVisible();
  await expect(detail.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await expect(page.getByTestId('chart-incident')).not.toHaveAttribute('data-points', '0', {
    timeout: 30_000,
  });

  await detail.getByLabel('Comment').fill('Looking into it from e2e.');
  await detail.getByRole('button', { name: 'Add comment' }).click();
  await expect(detail.getByTestId('incident-timeline')).toContainText('Looking into it from e2e.');

  await expect(detail).toHaveAttribute('data-status', 'resolved', { timeout: 120_000 });
  await expect(detail.getByTestId('status-badge')).toHaveText('resolved');
  await page.screenshot({ path: 'test-results/screens/incident.png', fullPage: true });

  // And in the list.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
  await expect(row.getByTestId('status-badge')).toHaveText('resolved');
});

test('an incident that opens while the page cannot subscribe still toasts once the socket connects', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const type = uniqueType('e2e_catchup');
  await logIn(page);
  const headers = { origin: e2eBase, 'content-type': 'application/json' };
  const metric = await page.request.post('/api/v1/metrics', {
    headers,
    data: { name: type, eventTypes: [type], aggregation: 'count' },
  });
  expect(metric.status(), await metric.text()).toBe(201);
  const rule = await page.request.post('/api/v1/rules', {
    headers,
    data: {
      name: `Catch-up ${type}`,
      kind: 'threshold',
      metric: type,
      window: '1m',
      params: { op: '>', value: 5 },
    },
  });
  expect(rule.status(), await rule.text()).toBe(201);
  const ruleId = ((await rule.json()) as { id: string }).id;

  // The page connects, but its incident subscription never reaches the server, so no `incident` frame
  // can reach the page (as when an incident opens while a page loads or its socket reconnects).
  let dropIncidentSubscribe = true;
  const pageSides: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    pageSides.push(ws);
    ws.onMessage((message) => {
      if (dropIncidentSubscribe && String(message).includes('"incidents":true')) return;
      server.send(message);
    });
  });
  await page.goto('/incidents');
  await expect(page.getByTestId('incidents-table')).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');

  // The rule breaches and its incident opens meanwhile (the workers pick a new rule up within seconds).
  await expect(async () => {
    const now = Date.now();
    const posted = await postEvents(
      request,
      Array.from({ length: 10 }, (_, i) => ({ id: `${type}-${now}-${i}`, type, ts: now - i * 10 })),
    );
    expect(posted.status()).toBe(202);
    const list = await page.request.get(`/api/v1/incidents?rule=${ruleId}&status=triggered`);
    expect(((await list.json()) as { incidents: unknown[] }).incidents).toHaveLength(1);
  }).toPass({ timeout: 45_000 });
  const toast = page.getByTestId('incident-toast').filter({ hasText: type });
  await expect(toast).toHaveCount(0);

  // The socket reconnects and subscribes: the frame is gone for good, but the read after the
  // subscription's acknowledgement finds the incident.
  dropIncidentSubscribe = false;
  await pageSides.at(-1)?.close();
  await expect(toast).toBeVisible({ timeout: 10_000 });
  await expect(toast).toHaveCount(1);
});
