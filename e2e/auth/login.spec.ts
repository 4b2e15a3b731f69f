import { expect, test } from '@playwright/test';
import { e2eAdmin, e2eBase, logIn } from '../helpers';

test('an anonymous visit redirects to /login', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/login.png' });
});

test('a wrong password is refused with a message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(e2eAdmin.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /wrong email or password/i })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('logging in opens the overview with an HttpOnly session cookie, and logging out ends it', async ({
  page,
  context,
}) => {
  await logIn(page);
  const cookie = (await context.cookies()).find((c) => c.name === 'pb_session');
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Lax');
  await expect(page.getByText(e2eAdmin.email)).toBeVisible();
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(`${e2eBase}/login`);
});

test('pages are sent with framing, sniffing and referrer protections', async ({ request }) => {
  const r = await request.get('/login');
  const headers = r.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
});
