import { expect, test, type Page } from '@playwright/test';
import { logIn, postEvents, uniqueType } from './helpers';

/** Collects CSP violations: Chromium's "Refused to …" console errors and `securitypolicyviolation` events. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Refused to|Content Security Policy|CSP violation/i.test(message.text()))
      violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return violations;
}

function scriptSrc(policy: string): string {
  return (
    policy
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('script-src ')) ?? ''
  );
}

test('every script of a page carries the response’s fresh nonce; script-src has no unsafe-inline', async ({
  request,
}) => {
  const nonces: string[] = [];
  for (const path of ['/login', '/login']) {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    const policy = response.headers()['content-security-policy'] ?? '';
    const src = scriptSrc(policy);
    const nonce = /'nonce-([^']+)'/.exec(src)?.[1] ?? '';
    expect(nonce).not.toBe('');
    expect(src).toContain("'strict-dynamic'");
    expect(src).not.toContain("'unsafe-inline'");
    expect(src).not.toContain("'unsafe-eval'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
    nonces.push(nonce);
  }
  expect(nonces[0]).not.toBe(nonces[1]);
});

test('the overview loads, goes live and draws its charts with no CSP violation', async ({
  page,
  request,
}) => {
  const violations = await watchViolations(page);
  await logIn(page);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');
  // The overview's own HTML (signed in) carries the nonce on its scripts too.
  const response = await page.request.get('/');
  const nonce = /'nonce-([^']+)'/.exec(response.headers()['content-security-policy'] ?? '')?.[1] ?? '';
  const tags = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length).toBeGreaterThan(0);
  expect(tags.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);

  // ECharts draws the new type live, and the theme switch still works.
  const type = uniqueType('csp');
  const posted = await postEvents(
    request,
    Array.from({ length: 20 }, (_, i) => ({ id: `${type}-${i}`, type })),
  );
  expect(posted.status()).toBe(202);
  await expect(page.getByTestId('chart-events-by-type').getByText(type)).toBeVisible({ timeout: 10_000 });
  const html = page.locator('html');
  const before = await html.getAttribute('data-theme');
  await page.getByRole('button', { name: /^Theme:/ }).click();
  await expect(html).not.toHaveAttribute('data-theme', before ?? '');
  await page.getByRole('button', { name: /^Theme:/ }).click();
  await page.getByRole('button', { name: /^Theme:/ }).click();

  // Other console screens load with the same policy.
  for (const path of ['/incidents', '/rules', '/explore', '/reports']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  expect(violations).toEqual([]);
});
