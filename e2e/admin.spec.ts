import { expect, test, type Page } from '@playwright/test';
import { e2eBase, logIn, postEvents, uniqueType } from './helpers';

const screens = (name: string) => `test-results/screens/admin-${name}.png`;
const apiHeaders = { origin: e2eBase, 'content-type': 'application/json' };

/** Reads the secret from the shown-once box, then dismisses it. */
async function takeShownOnce(page: Page): Promise<string> {
  const box = page.getByTestId('shown-once');
  await expect(box).toBeVisible();
  const secret = await box.getByTestId('shown-once-secret').inputValue();
  expect(secret.length).toBeGreaterThanOrEqual(16);
  return secret;
}

test.describe('admin: users, ingest keys, audit', () => {
  // Argon2 logins in two browsers and the first compile of each admin page take a while on a shared machine.
  test.describe.configure({ timeout: 120_000 });

  test('an admin creates an operator who signs in; disabling them signs them out at their next navigation and API call', async ({
    page,
    browser,
  }) => {
    const email = `${uniqueType('op')}@e2e.test`;
    await logIn(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Users' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();

    await page.getByRole('button', { name: 'New user' }).click();
    const form = page.getByTestId('user-form');
    // The form checks with the API's own schema, next to the field.
    await form.getByLabel('E-mail').fill('not-an-address');
    await form.getByRole('button', { name: 'Create user' }).click();
    await expect(form.getByText('email must be an e-mail address')).toBeVisible();
    await form.getByLabel('E-mail').fill(email);
    await form.getByLabel('Name').fill('E2E operator');
    await form.getByLabel('Role').selectOption('operator');
    await form.getByRole('button', { name: 'Create user' }).click();
    const password = await takeShownOnce(page);
    const row = page.getByTestId(`user-row-${email}`);
    await expect(row).toContainText('active');
    await page.screenshot({ path: screens('users-created'), fullPage: true });
    await page.getByTestId('shown-once').getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('shown-once')).toHaveCount(0);

    const opContext = await browser.newContext();
    const opPage = await opContext.newPage();
    await logIn(opPage, { email, password });
    await opPage.goto('/incidents');
    await expect(opPage.getByTestId('current-user')).toContainText('operator');
    expect((await opPage.request.get('/api/v1/incidents')).status()).toBe(200);

    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByRole('button', { name: `Disable ${email}` }).click();
    await expect(page.getByTestId('users-notice')).toContainText('disabled');
    await expect(row).toContainText('disabled');

    // Their very next API call and navigation are refused: the session is gone.
    expect((await opPage.request.get('/api/v1/incidents')).status()).toBe(401);
    await opPage.goto('/rules');
    await expect(opPage).toHaveURL(/\/login/);
    await opPage.screenshot({ path: screens('disabled-user-logged-out') });
    await opContext.close();
  });

  test('an ingest key is shown once, accepts events, and after revocation gets 401 within the 5 s cache', async ({
    page,
    request,
  }) => {
    const name = uniqueType('key');
    await logIn(page);
    await page.goto('/admin/ingest-keys');
    const form = page.getByTestId('key-form');
    await form.getByLabel('Key name').fill(name);
    await form.getByLabel('Source').selectOption('default');
    await form.getByRole('button', { name: 'Create key' }).click();
    const key = await takeShownOnce(page);
    expect(key).toMatch(/^pbk_/);
    await page.screenshot({ path: screens('ingest-key-shown-once'), fullPage: true });

    // Once: after a reload only the masked prefix is on the page.
    await page.reload();
    const row = page.getByTestId(`key-row-${name}`);
    await expect(row).toContainText(`${key.slice(0, 8)}…`);
    expect(await page.content()).not.toContain(key);

    const type = uniqueType('keyed');
    expect((await postEvents(request, [{ id: `${type}-1`, type }], key)).status()).toBe(202);

    // Rate limit, set in the table.
    await row.getByLabel(`Rate limit of ${name}`).fill('50');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('keys-notice')).toContainText('set to 50');

    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await expect(row).toContainText('revoked');
    const revokedAt = Date.now();
    await expect
      .poll(async () => (await postEvents(request, [{ id: `${type}-${Date.now()}`, type }], key)).status(), {
        timeout: 6_000,
        intervals: [250],
      })
      .toBe(401);
    const tookMs = Date.now() - revokedAt;
    expect(tookMs).toBeLessThan(6_000);
    console.log(`revoked ingest key refused after ${tookMs} ms`);
    await page.screenshot({ path: screens('ingest-key-revoked'), fullPage: true });
  });

  test('a viewer sees only their own account: no user, key or audit controls, and the pages send them back', async ({
    page,
    browser,
  }) => {
    const email = `${uniqueType('viewer')}@e2e.test`;
    const password = 'viewer-password-123';
    await logIn(page);
    const created = await page.request.post('/api/v1/users', {
      headers: apiHeaders,
      data: { email, role: 'viewer', password },
    });
    expect(created.status(), await created.text()).toBe(201);

    const context = await browser.newContext();
    const viewer = await context.newPage();
    await logIn(viewer, { email, password });
    await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    await expect(viewer.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
    const sections = viewer.getByRole('navigation', { name: 'Admin sections' });
    await expect(sections.getByRole('link')).toHaveText(['Account']);
    await expect(viewer.getByRole('button', { name: 'New user' })).toHaveCount(0);
    await viewer.goto('/admin/users');
    await expect(viewer).toHaveURL(`${e2eBase}/admin`);
    await viewer.goto('/admin/audit');
    await expect(viewer).toHaveURL(`${e2eBase}/admin`);
    expect((await viewer.request.get('/api/v1/audit')).status()).toBe(403);

    // Their own token: created, shown once, listed masked, revoked.
    await viewer.getByTestId('token-form').getByLabel('Token name').fill('my script');
    await viewer.getByRole('button', { name: 'Create token' }).click();
    const token = await takeShownOnce(viewer);
    expect(
      (
        await viewer.request.get('/api/v1/users/me', { headers: { authorization: `Bearer ${token}` } })
      ).status(),
    ).toBe(200);
    const tokenRow = viewer.getByTestId('token-row-my script');
    await expect(tokenRow).toContainText(`${token.slice(0, 8)}…`);
    await viewer.screenshot({ path: screens('viewer-account'), fullPage: true });
    await tokenRow.getByRole('button', { name: 'Revoke' }).click();
    await tokenRow.getByRole('button', { name: 'Revoke my script' }).click();
    await expect(tokenRow).toContainText('revoked');

    // Their own password: the wrong current one is named; the right one works.
    const pw = viewer.getByTestId('password-form');
    await pw.getByLabel('Current password').fill('wrong-password-here');
    await pw.getByLabel('New password', { exact: true }).fill('viewer-password-456');
    await pw.getByLabel('Repeat the new password').fill('viewer-password-456');
    await pw.getByRole('button', { name: 'Change password' }).click();
    await expect(pw.getByText('the current password is wrong')).toBeVisible();
    await pw.getByLabel('Current password').fill(password);
    await pw.getByRole('button', { name: 'Change password' }).click();
    await expect(pw.getByRole('status')).toContainText('Password changed');
    await context.close();
  });

  test('the audit log shows these actions, newest first, with what changed', async ({ page }) => {
    await logIn(page);
    await page.goto('/admin/audit');
    const rows = page.getByTestId('audit-row');
    await expect(rows.first()).toBeVisible();
    const actions = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-action')));
    for (const action of [
      'user.create',
      'user.disable',
      'ingest_key.create',
      'ingest_key.update',
      'ingest_key.revoke',
      'token.create',
      'token.revoke',
      'user.change_password',
    ]) {
      expect(actions, action).toContain(action);
    }
    // Newest first: the viewer's password change came after the operator was disabled.
    expect(actions.indexOf('user.change_password')).toBeLessThan(actions.indexOf('user.disable'));
    const disable = rows.filter({ has: page.locator('code', { hasText: 'user.disable' }) }).first();
    await expect(disable).toContainText('admin@e2e.test');
    await expect(disable.locator('del')).toHaveText('false');
    await expect(disable.locator('ins')).toHaveText('true');

    const filters = page.getByTestId('audit-filters');
    await filters.getByLabel('Action').fill('ingest_key');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await expect(rows.first()).toHaveAttribute('data-action', 'ingest_key.revoke');
    const filtered = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-action')));
    expect(filtered.every((a) => a?.startsWith('ingest_key.'))).toBe(true);
    const update = rows.filter({ has: page.locator('code', { hasText: 'ingest_key.update' }) }).first();
    await expect(update).toContainText('rateLimit');
    await expect(update.locator('ins')).toHaveText('50');
    await page.screenshot({ path: screens('audit-log'), fullPage: true });
    // No secret on the page.
    expect(await page.content()).not.toMatch(/pbk_[\w-]{20}|pbt_[\w-]{20}|argon2/);
  });
});
