import { expect, test, type Locator, type Page } from '@playwright/test';
import { e2eBase, logIn, openIncidents, uniqueType } from '../helpers';
import { intersects, phone, type Box } from '../phone/layout';

/** The boxes of the toasts on screen and of the stack's own controls ("+N more"), read in one go. */
async function toastBoxes(page: Page): Promise<Box[]> {
  return page
    .getByRole('region', { name: 'New incidents' })
    .locator('[data-testid="incident-toast"], [data-testid="toast-more"]')
    .evaluateAll((els) =>
      els
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0)
        .map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })),
    );
}

/** No toast (nor "+N more") lies over any of these controls that is on screen. */
async function expectClearOf(page: Page, actions: Locator, what: string): Promise<void> {
  const toasts = await toastBoxes(page);
  expect(toasts.length, 'toasts on screen').toBeGreaterThan(0);
  const controls = await actions.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return {
        name: el.getAttribute('aria-label') ?? el.textContent ?? '',
        box: { x: r.x, y: r.y, width: r.width, height: r.height },
        onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight,
      };
    }),
  );
  expect(controls.filter((c) => c.onScreen).length, `${what}: controls on screen`).toBeGreaterThan(0);
  const covered = controls
    .filter((c) => c.onScreen && toasts.some((t) => intersects(t, c.box)))
    .map((c) => c.name);
  expect(covered, `${what}: controls under a toast`).toEqual([]);
}

/** At most `maxShown` toasts, the rest as "+N more"; answers N. */
async function expectCollapsedStack(page: Page, atLeast: number, maxShown: number): Promise<number> {
  const visible = page.getByTestId('incident-toast').filter({ visible: true });
  const more = page.getByTestId('toast-more');
  let n = 0;
  // The incidents open one rule evaluation apart: wait until all of them are on the stack.
  await expect(async () => {
    await expect(more).toBeVisible({ timeout: 10_000 });
    const label = (await more.innerText()).trim();
    n = Number(/^\+(\d+) more$/.exec(label)?.[1] ?? 'NaN');
    const shown = await visible.count();
    expect(shown).toBeGreaterThanOrEqual(1);
    expect(shown).toBeLessThanOrEqual(maxShown);
    expect(shown + n, `"${label}" and ${shown} shown`).toBeGreaterThanOrEqual(atLeast);
  }).toPass({ timeout: 60_000 });
  return n;
}

test('five new incidents show three toasts and "+2 more", clear of Edit/Delete and Customize', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await logIn(page);
  // The metric catalogue, long enough to reach the bottom of the screen: every row ends in Edit and Delete.
  const prefix = uniqueType('e2e_toast_rows');
  for (let i = 0; i < 14; i++) {
    const created = await page.request.post('/api/v1/metrics', {
      headers: { origin: e2eBase, 'content-type': 'application/json' },
      data: { name: `${prefix}_${i}`, eventTypes: [`${prefix}_${i}`], aggregation: 'count' },
    });
    expect(created.status(), await created.text()).toBe(201);
  }
  await page.goto('/catalogue');
  await expect(page.getByRole('heading', { level: 1, name: 'Metrics' })).toBeVisible();
  await openIncidents(page, 'e2e_toasts', 5);
  const hidden = await expectCollapsedStack(page, 5, 3);
  await expect(page.getByTestId('incident-toast').filter({ visible: true })).toHaveCount(3);
  await page.screenshot({ path: 'test-results/screens/toasts-catalogue.png' });
  const rowActions = page.getByRole('main').getByRole('button', { name: /^(Edit|Delete) / });
  await expectClearOf(page, rowActions, 'metric catalogue');
  // Scrolled to the end, the last rows' actions come out from under the stack too.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expectClearOf(page, rowActions, 'metric catalogue, scrolled to the end');

  // "+N more" shows the rest, and folds them away again.
  const more = page.getByTestId('toast-more');
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await more.click();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('incident-toast').filter({ visible: true })).toHaveCount(3 + hidden);
  await page.screenshot({ path: 'test-results/screens/toasts-expanded.png' });
  await more.click();
  await expect(page.getByTestId('incident-toast').filter({ visible: true })).toHaveCount(3);

  // The overview's Customize, after a client-side navigation (the toasts stay).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expectCollapsedStack(page, 5, 3);
  await expectClearOf(page, page.getByRole('main').getByRole('button', { name: 'Customize' }), 'overview');
  await page.screenshot({ path: 'test-results/screens/toasts-overview.png' });

  // Dismissing one brings the next one up from "+N more".
  await page
    .getByTestId('incident-toast')
    .filter({ visible: true })
    .first()
    .getByRole('button', { name: /^Dismiss / })
    .click();
  await expect(page.getByTestId('incident-toast').filter({ visible: true })).toHaveCount(3);
  await expect(page.getByTestId('toast-more')).toHaveText(`+${hidden - 1} more`);
});

test.describe('on a phone', () => {
  test.use({ viewport: phone, hasTouch: true });

  test('toasts collapse and stay clear of the incident action bar', async ({ page }) => {
    test.setTimeout(300_000);
    await logIn(page);
    const first = await openIncidents(page, 'e2e_phone_toast_open', 1);
    await page.goto(`/incidents/${first.ids[0]}`);
    const bar = page.getByTestId('incident-actions');
    await expect(bar.getByRole('button', { name: 'Acknowledge' })).toBeVisible();

    await openIncidents(page, 'e2e_phone_toasts', 5);
    await expectCollapsedStack(page, 5, 3);
    await page.screenshot({ path: 'test-results/screens/phone-toasts.png' });
    await expectClearOf(page, bar.getByRole('button'), 'incident action bar');
    await expectClearOf(page, page.getByRole('button', { name: 'Menu' }), 'menu button');
    // Each toast's own buttons are thumb-sized.
    const ack = page.getByTestId('incident-toast').filter({ visible: true }).first().getByRole('button', {
      name: 'Acknowledge',
    });
    const box = await ack.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    const scrollWidth = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
    expect(scrollWidth).toBeLessThanOrEqual(phone.width);
  });
});
