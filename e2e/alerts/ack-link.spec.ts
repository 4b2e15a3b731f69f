import { expect, test, type Page } from '@playwright/test';
import { e2eBase, logIn, postEvents, uniqueType } from '../helpers';

/** A count metric and a threshold rule over this test's own event type, breached: the incident's id. */
async function openIncident(page: Page): Promise<string> {
  const type = uniqueType('e2e_acklink_get');
  const headers = { origin: e2eBase, 'content-type': 'application/json' };
  const metric = await page.request.post('/api/v1/metrics', {
    headers,
    data: { name: type, eventTypes: [type], aggregation: 'count' },
  });
  expect(metric.status(), await metric.text()).toBe(201);
  const rule = await page.request.post('/api/v1/rules', {
    headers,
    data: {
      name: `E2E ack link ${type}`,
      kind: 'threshold',
      metric: type,
      window: '1m',
      pendingSeconds: 0,
      params: { op: '>', value: 20 },
    },
  });
  expect(rule.status(), await rule.text()).toBe(201);
  const ruleId = ((await rule.json()) as { id: string }).id;
  const now = Date.now();
  const events = Array.from({ length: 50 }, (_, i) => ({ id: `${type}-${i}`, type, ts: now - i * 10 }));
  expect((await postEvents(page.request, events)).status()).toBe(202);
  let id = '';
  await expect
    .poll(
      async () => {
        const r = await page.request.get(`/api/v1/incidents?rule=${ruleId}`);
        id = ((await r.json()) as { incidents: { id: string }[] }).incidents[0]?.id ?? '';
        return id;
      },
      { timeout: 20_000 },
    )
    .not.toBe('');
  return id;
}

async function statusOf(page: Page, id: string): Promise<string> {
  const r = await page.request.get(`/api/v1/incidents/${id}`);
  expect(r.status()).toBe(200);
  return ((await r.json()) as { status: string }).status;
}

test('opening an Acknowledge link (/incidents/<id>?ack=1) changes nothing until the operator presses Acknowledge', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await logIn(page);
  const id = await openIncident(page);

  // As if a link on any other site sent the signed-in operator here.
  await page.goto(`/incidents/${id}?ack=1`);
  const prompt = page.getByTestId('ack-prompt');
  await expect(prompt).toHaveAttribute('data-outcome', 'ask');
  await expect(prompt).toContainText('Acknowledge this incident?');
  const button = prompt.getByRole('button', { name: 'Acknowledge' });
  await expect(button).toBeFocused();
  await expect(page).toHaveURL(`${e2eBase}/incidents/${id}`);
  // The page has loaded and settled: the incident is still triggered, on screen and in the API.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1_000);
  expect(await statusOf(page, id)).toBe('triggered');
  await expect(page.getByTestId('incident-detail').getByTestId('status-badge')).toHaveText('triggered');

  // One tap: the POST acknowledges.
  await button.click();
  await expect(prompt).toHaveAttribute('data-outcome', 'acknowledged');
  await expect(page.getByTestId('incident-detail').getByTestId('status-badge')).toHaveText('acknowledged');
  expect(await statusOf(page, id)).toBe('acknowledged');
});

test('"Not now" leaves the incident triggered', async ({ page }) => {
  test.setTimeout(90_000);
  await logIn(page);
  const id = await openIncident(page);
  await page.goto(`/incidents/${id}?ack=1`);
  const prompt = page.getByTestId('ack-prompt');
  await expect(prompt).toHaveAttribute('data-outcome', 'ask');
  await prompt.getByRole('button', { name: 'Not now' }).click();
  await expect(prompt).toHaveCount(0);
  // Reloading the page (the query is gone) asks nothing and acknowledges nothing.
  await page.reload();
  await expect(page.getByTestId('incident-detail')).toBeVisible();
  await expect(page.getByTestId('ack-prompt')).toHaveCount(0);
  expect(await statusOf(page, id)).toBe('triggered');
});
