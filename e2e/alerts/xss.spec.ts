import { expect, test } from '@playwright/test';
import { e2eBase, logIn, postEvents, uniqueType } from '../helpers';

test('an incident whose rule name and comment hold markup shows them as text: no dialog, no injected element', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const type = uniqueType('e2e_xss');
  const ruleName = `<img src=x onerror="window.__xss=1;alert(1)"><svg onload=alert(2)> ${type}`;
  const comment = `<script>window.__xss=3;alert(3)</script><a href="javascript:alert(4)">click</a> & <!channel>`;
  const api = { origin: e2eBase, 'content-type': 'application/json' };

  await logIn(page);
  const metric = await page.request.post('/api/v1/metrics', {
    headers: api,
    data: { name: type, eventTypes: [type], aggregation: 'count' },
  });
  expect(metric.status(), await metric.text()).toBe(201);
  const rule = await page.request.post('/api/v1/rules', {
    headers: api,
    data: { name: ruleName, kind: 'threshold', metric: type, window: '1m', params: { op: '>', value: 1 } },
  });
  expect(rule.status(), await rule.text()).toBe(201);
  const ruleId = ((await rule.json()) as { id: string }).id;

  const now = Date.now();
  const posted = await postEvents(
    request,
    Array.from({ length: 10 }, (_, i) => ({ id: `${type}-${i}`, type, ts: now - i * 10 })),
  );
  expect(posted.status()).toBe(202);
  let incidentId = '';
  await expect
    .poll(
      async () => {
        const list = await page.request.get(`/api/v1/incidents?rule=${ruleId}`);
        const body = (await list.json()) as { incidents: { id: string }[] };
        incidentId = body.incidents[0]?.id ?? '';
        return incidentId;
      },
      { timeout: 30_000 },
    )
    .not.toBe('');
  const commented = await page.request.post(`/api/v1/incidents/${incidentId}/comments`, {
    headers: api,
    data: { text: comment },
  });
  expect(commented.status(), await commented.text()).toBeLessThan(300);

  // The list, the toast and the detail page all show the name as typed.
  await page.goto('/incidents');
  const row = page.locator('[data-testid^="incident-row-"]').filter({ hasText: type });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(ruleName);
  await page.goto(`/incidents/${incidentId}`);
  const detail = page.getByTestId('incident-detail');
  await expect(detail).toContainText(ruleName);
  await expect(detail.getByTestId('incident-timeline')).toContainText(comment);

  // Nothing ran and nothing was injected.
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"], svg[onload], a[href^="javascript:"]')).toHaveCount(0);
  await expect(page.locator('script', { hasText: '__xss' })).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
