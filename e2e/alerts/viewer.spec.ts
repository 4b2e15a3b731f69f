import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { hashPassword } from '../../server/auth/hashing';
import { e2eBase, logIn, postEvents, uniqueType } from '../helpers';

// There is no users API yet: the viewer is written straight into this run's database.
async function createViewer(email: string, password: string): Promise<void> {
  const run = process.env.PB_E2E_RUN;
  if (!run) throw new Error('PB_E2E_RUN is not set (playwright.config.ts sets it)');
  const sql = postgres(`postgres://postgres@127.0.0.1:5432/pb_e2e_${run}`, { max: 1, onnotice: () => {} });
  try {
    const passwordHash = await hashPassword(password);
    await sql`insert into users (email, name, password_hash, role)
              values (${email}, 'E2E viewer', ${passwordHash}, 'viewer')`;
  } finally {
    await sql.end();
  }
}

test('a viewer sees incidents but no Acknowledge, Resolve or Silence, and the API refuses them', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const type = uniqueType('e2e_view');
  const viewer = { email: `${type}@e2e.test`, password: 'viewer-password-123' };
  await createViewer(viewer.email, viewer.password);

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
  await expect(detail.getByTestId('incident-timeline')).toContainText('opened');
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
  await viewerContext.close();

  // Tidy up: no more firing from this rule.
  const removed = await page.request.delete(`/api/v1/rules/${ruleId}`, { headers });
  expect(removed.status()).toBe(204);
});
