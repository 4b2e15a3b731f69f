import { expect, test } from '@playwright/test';
import { createUser, e2eBase, logIn, postEvents, uniqueType } from '../helpers';

test('a viewer sees incidents but no Acknowledge, Resolve or Silence, the API refuses them, and no screen offers what the role cannot do', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const type = uniqueType('e2e_view');
  const viewer = { email: `${type}@e2e.test`, password: 'viewer-password-123' };
  await createUser(viewer, 'viewer');

  // As admin, over the API: a metric, a rule and a breach.
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
      name: `E2E viewer ${type}`,
      kind: 'threshold',
      metric: type,
      window: '1m',
      params: { op: '>', value: 5 },
    },
  });
  expect(rule.status(), await rule.text()).toBe(201);
  const ruleId = ((await rule.json()) as { id: string }).id;

  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await logIn(viewerPage, viewer);
  await viewerPage.goto('/incidents');
  await expect(viewerPage.getByTestId('incidents-table')).toHaveAttribute('aria-busy', 'false');

  const now = Date.now();
  const posted = await postEvents(
    request,
    Array.from({ length: 10 }, (_, i) => ({ id: `${type}-${i}`, type, ts: now - i * 10 })),
  );
  expect(posted.status()).toBe(202);

  // The toast reaches viewers too, without an Acknowledge button.
  const toast = viewerPage.getByTestId('incident-toast').filter({ hasText: type });
  await expect(toast).toBeVisible({ timeout: 15_000 });
  await expect(toast.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);

  const row = viewerPage.locator('[data-testid^="incident-row-"]').filter({ hasText: type });
  await expect(row).toHaveCount(1);
  const incidentId = ((await row.getAttribute('data-testid')) ?? '').replace('incident-row-', '');
  await row.getByRole('link').click();
  const detail = viewerPage.getByTestId('incident-detail');
  await expect(detail.getByTestId('incident-timeline')).toContainText('Fired');
  await expect(detail.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await expect(detail.getByRole('button', { name: 'Resolve' })).toHaveCount(0);
  await expect(detail.getByRole('button', { name: /Silence/ })).toHaveCount(0);
  await expect(detail.getByLabel('Comment')).toHaveCount(0);

  // The API checks the role again.
  const ack = await viewerPage.request.post(`/api/v1/incidents/${incidentId}/ack`, { headers, data: {} });
  expect(ack.status()).toBe(403);

  // Rules: read-only.
  await viewerPage.goto('/rules');
  await expect(viewerPage.getByTestId(`rule-row-E2E viewer ${type}`)).toBeVisible();
  await expect(viewerPage.getByRole('button', { name: 'New rule' })).toHaveCount(0);

  // Every screen the navigation offers a viewer: no Pipeline (operators), an Account page instead of
  // Admin, and no button that creates, edits, deletes or acts on anything.
  const nav = viewerPage.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Pipeline' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Account' })).toBeVisible();
  const forbidden =
    /^(New |Edit|Delete|Remove|Acknowledge|Resolve|Silence|Resend|Send a test|Test|Save as team default|Revoke|Reset password|Disable)/;
  const offered: string[] = [];
  const hrefs = await nav.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  for (const href of hrefs) {
    await viewerPage.goto(href ?? '/');
    await expect(viewerPage.getByRole('heading', { level: 1 })).toBeVisible();
    // Per-row controls come with the data: let it load (some screens poll, so do not wait for long).
    await viewerPage.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
    const names = await viewerPage.locator('main').getByRole('button').allInnerTexts();
    offered.push(...names.filter((n) => forbidden.test(n.trim())).map((n) => `${href}: ${n.trim()}`));
  }
  expect(offered, 'controls a viewer cannot use').toEqual([]);
  await viewerPage.screenshot({ path: 'test-results/screens/viewer-account.png', fullPage: true });
  await viewerContext.close();

  // Tidy up: no more firing from this rule.
  const removed = await page.request.delete(`/api/v1/rules/${ruleId}`, { headers });
  expect(removed.status()).toBe(204);
});
