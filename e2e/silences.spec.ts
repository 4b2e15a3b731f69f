import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createUser, e2eBase, logIn, postEvents, uniqueType } from './helpers';

// The browser's own zone is Berlin, so a window made in Asia/Kolkata is in a zone the browser is not in.
test.use({ timezoneId: 'Europe/Berlin' });

const headers = { origin: e2eBase, 'content-type': 'application/json' };

/** A count metric and a threshold rule labelled `team=<type>`, through the API with the page's session. */
async function createRule(page: Page, type: string, name: string): Promise<string> {
  const metric = await page.request.post('/api/v1/metrics', {
    headers,
    data: { name: type, eventTypes: [type], aggregation: 'count' },
  });
  expect(metric.status(), await metric.text()).toBe(201);
  const rule = await page.request.post('/api/v1/rules', {
    headers,
    data: {
      name,
      kind: 'threshold',
      metric: type,
      window: '1m',
      params: { op: '>', value: 5 },
      labels: { team: type },
    },
  });
  expect(rule.status(), await rule.text()).toBe(201);
  return ((await rule.json()) as { id: string }).id;
}

async function serious(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .setLegacyMode(true)
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

test('an operator silences a rule by label from the console, sees it on the rule and the incident, ends it early; a weekly window in another zone is listed with its zone', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const type = uniqueType('e2e_sil');
  const ruleName = `E2E silence ${type}`;
  await logIn(page);
  const ruleId = await createRule(page, type, ruleName);

  // The rule breaches and opens its incident before anything silences it.
  await expect(async () => {
    const now = Date.now();
    const posted = await postEvents(
      request,
      Array.from({ length: 10 }, (_, i) => ({ id: `${type}-${now}-${i}`, type, ts: now - i * 10 })),
    );
    expect(posted.status()).toBe(202);
    const list = await page.request.get(`/api/v1/incidents?rule=${ruleId}`);
    expect(((await list.json()) as { incidents: unknown[] }).incidents).toHaveLength(1);
  }).toPass({ timeout: 60_000 });

  // Nothing silences it yet.
  await page.goto('/rules');
  const ruleRow = page.getByTestId(`rule-row-${ruleName}`);
  await expect(ruleRow).toBeVisible();
  await expect(ruleRow.getByTestId('silenced-badge')).toHaveCount(0);

  // A silence by label, from the Silences page; the comment is required.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Silences' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Silences' })).toBeVisible();
  await page.getByRole('button', { name: 'New silence' }).click();
  const form = page.getByTestId('silence-form');
  await form.getByLabel('Rule labels').fill(`team=${type}`);
  await form.getByLabel('Duration').selectOption('4h');
  await form.getByRole('button', { name: 'Create silence' }).click();
  await expect(form.getByTestId('silence-error-comment')).toBeVisible();
  await form.getByLabel('Comment').fill('Payments provider upgrade');
  await form.getByRole('button', { name: 'Create silence' }).click();
  await expect(page.getByTestId('silences-notice')).toContainText('Silence created, until');
  const silenceRow = page.getByTestId('silence-row').filter({ hasText: `team=${type}` });
  await expect(silenceRow).toHaveCount(1);
  await expect(silenceRow).toContainText('Payments provider upgrade');
  await expect(silenceRow).toContainText('admin@e2e.test');
  await expect(page.getByRole('button', { name: /^Active \(/ })).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: 'test-results/screens/silences.png', fullPage: true });
  expect(await serious(page), 'axe on the silences page').toEqual([]);

  // The badge on the rule, the incident row and the incident's header: about four hours from now.
  const badgeText = /^Silenced until /;
  await page.goto('/rules');
  await expect(ruleRow.getByTestId('silenced-badge')).toHaveText(badgeText);
  const until = Date.parse(
    (await ruleRow.getByTestId('silenced-badge').locator('time').getAttribute('datetime')) ?? '',
  );
  expect(Math.abs(until - (Date.now() + 4 * 3_600_000))).toBeLessThan(5 * 60_000);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
  const incidentRow = page.locator('[data-testid^="incident-row-"]').filter({ hasText: ruleName });
  await expect(incidentRow.getByTestId('silenced-badge')).toHaveText(badgeText);
  await incidentRow.getByRole('link', { name: new RegExp(ruleName) }).click();
  const detail = page.getByTestId('incident-detail');
  await expect(detail.locator('.page-header').getByTestId('silenced-badge')).toHaveText(badgeText);
  await page.screenshot({ path: 'test-results/screens/incident-silenced.png', fullPage: true });

  // The incident's "Silence…" opens the form filled in with its rule.
  await detail.getByRole('link', { name: /^Silence incident/ }).click();
  await expect(page.getByTestId('silence-form').getByLabel('Rule', { exact: true })).toHaveValue(ruleId);
  await expect(page.getByTestId('silence-form').getByLabel('Comment')).toHaveValue(/^Silenced from incident/);
  await page.getByTestId('silence-form').getByRole('button', { name: 'Cancel' }).click();

  // End it early (confirmed): it moves to Expired and the badges go.
  await silenceRow.getByRole('button', { name: 'End now' }).click();
  const dialog = page.getByTestId('end-silence-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'End silence' }).click();
  await expect(page.getByTestId('silences-notice')).toHaveText('Silence ended.');
  await expect(silenceRow).toHaveCount(0);
  await page.getByRole('button', { name: /^Expired \(/ }).click();
  await expect(silenceRow).toHaveCount(1);
  await page.goto('/rules');
  await expect(ruleRow).toBeVisible();
  await expect(ruleRow.getByTestId('silenced-badge')).toHaveCount(0);
  await page.goto('/incidents');
  await expect(incidentRow).toHaveCount(1);
  await expect(incidentRow.getByTestId('silenced-badge')).toHaveCount(0);

  // A weekly maintenance window in Asia/Kolkata, while the browser is in Berlin.
  await page.goto('/silences');
  await page.getByRole('tab', { name: 'Maintenance windows' }).click();
  await page.getByRole('button', { name: 'New maintenance window' }).click();
  const windowForm = page.getByTestId('maintenance-window-form');
  await expect(windowForm.getByLabel('Time zone')).toHaveValue('Europe/Berlin');
  const windowName = `Kolkata patching ${type}`;
  await windowForm.getByLabel('Name').fill(windowName);
  await windowForm.getByLabel('Time zone').selectOption('Asia/Kolkata');
  await windowForm.getByLabel('Weekly').check();
  await windowForm.getByLabel('Wednesday').check();
  await windowForm.getByLabel('Sunday').check();
  await windowForm.getByLabel('Start time').fill('22:30');
  await windowForm.getByLabel('Duration (minutes)').fill('90');
  await windowForm.getByLabel('Rule labels').fill(`team=${type}`);
  await windowForm.getByRole('button', { name: 'Create window' }).click();
  await expect(page.getByTestId('windows-notice')).toHaveText(`Maintenance window ${windowName} created.`);
  const windowRow = page.getByTestId(`window-row-${windowName}`);
  await expect(windowRow).toContainText('Weekly Wed, Sun at 22:30 for 90 min');
  await expect(windowRow).toContainText('Asia/Kolkata');
  await expect(windowRow).toContainText(`labels team=${type}`);
  // Stored as typed: the zone's wall clock, not the browser's.
  const stored = await page.request.get('/api/v1/maintenance-windows');
  const windows = (
    (await stored.json()) as { maintenanceWindows: { name: string; timeZone: string; recurrence: unknown }[] }
  ).maintenanceWindows;
  expect(windows.find((w) => w.name === windowName)).toMatchObject({
    timeZone: 'Asia/Kolkata',
    recurrence: { days: ['wed', 'sun'], start: '22:30', durationMinutes: 90 },
  });
  await page.screenshot({ path: 'test-results/screens/maintenance-windows.png', fullPage: true });
  expect(await serious(page), 'axe on the maintenance windows tab').toEqual([]);
});

test('a viewer sees silences and maintenance windows but no control to create, end, edit or delete them', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const type = uniqueType('e2e_silv');
  const viewer = { email: `${type}@e2e.test`, password: 'viewer-password-123' };
  await createUser(viewer, 'viewer');
  await logIn(page);
  const silence = await page.request.post('/api/v1/silences', {
    headers,
    data: {
      matchers: { labels: { team: type } },
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: `Viewer check ${type}`,
    },
  });
  expect(silence.status(), await silence.text()).toBe(201);
  const window = await page.request.post('/api/v1/maintenance-windows', {
    headers,
    data: {
      name: `Viewer window ${type}`,
      // Its own label only: a window without matchers holds every rule's incidents (Sunday 19:30-20:30
      // UTC), and the specs after this one share the stack.
      matchers: { labels: { team: type } },
      timeZone: 'Asia/Kolkata',
      recurrence: { days: ['mon'], start: '01:00', durationMinutes: 60 },
    },
  });
  expect(window.status(), await window.text()).toBe(201);

  const viewerContext = await browser.newContext({ timezoneId: 'Europe/Berlin' });
  const viewerPage = await viewerContext.newPage();
  // Signing in hashes with argon2id: on a loaded machine that outlasts logIn's 10 s, so wait longer here.
  await viewerPage.goto('/login');
  await viewerPage.getByLabel('Email').fill(viewer.email);
  await viewerPage.getByLabel('Password').fill(viewer.password);
  await viewerPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(viewerPage).toHaveURL(`${e2eBase}/`, { timeout: 30_000 });
  await viewerPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Silences' }).click();
  const row = viewerPage.getByTestId('silence-row').filter({ hasText: `Viewer check ${type}` });
  await expect(row).toBeVisible();
  await expect(viewerPage.getByRole('button', { name: 'New silence' })).toHaveCount(0);
  await expect(row.getByRole('button')).toHaveCount(0);
  await viewerPage.getByRole('tab', { name: 'Maintenance windows' }).click();
  const windowRow = viewerPage.getByTestId(`window-row-Viewer window ${type}`);
  await expect(windowRow).toContainText('Asia/Kolkata');
  await expect(viewerPage.getByRole('button', { name: 'New maintenance window' })).toHaveCount(0);
  await expect(windowRow.getByRole('button')).toHaveCount(0);
  await viewerPage.screenshot({ path: 'test-results/screens/silences-viewer.png', fullPage: true });
  await viewerContext.close();
});
