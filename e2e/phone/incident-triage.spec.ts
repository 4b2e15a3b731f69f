import { expect, test } from '@playwright/test';
import { logIn, openIncidents } from '../helpers';
import {
  axeViolations,
  expectFitsPhone,
  expectThumbTarget,
  intersects,
  phone,
  stopTransitions,
} from './layout';

test.use({ viewport: phone, hasTouch: true });

test('on a phone the navigation collapses into a menu that opens, closes with Escape and on navigation', async ({
  page,
}) => {
  test.setTimeout(240_000); // axe twice over the live overview, on a machine shared with other runs
  await logIn(page);
  const menuButton = page.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  await expect(nav).toBeHidden();
  await expectFitsPhone(page, 'overview');
  await expectThumbTarget(menuButton);

  // Opens below the top bar; every link is a thumb-sized row on screen.
  await menuButton.click();
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true');
  const menuId = await menuButton.getAttribute('aria-controls');
  expect(menuId).toBeTruthy();
  const menu = page.locator(`#${menuId}`);
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('navigation', { name: 'Main' })).toBeVisible();
  for (const name of ['Overview', 'Incidents', 'Rules'])
    await expectThumbTarget(nav.getByRole('link', { name }));
  await expect(menu.getByRole('button', { name: 'Log out' })).toBeVisible();
  await expectFitsPhone(page, 'open menu');
  await stopTransitions(page);
  expect(await axeViolations(page), 'axe, menu open').toEqual([]);
  await page.screenshot({ path: 'test-results/screens/phone-menu-open.png' });

  // Escape closes it and gives the focus back to the button.
  await nav.getByRole('link', { name: 'Overview' }).focus();
  await page.keyboard.press('Escape');
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  await expect(nav).toBeHidden();
  await expect(menuButton).toBeFocused();

  // Opened from the keyboard, Tab walks into it; choosing a link navigates and closes it.
  await page.keyboard.press('Enter');
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Tab');
  const focusedInMenu = await page.evaluate(
    (id) => document.getElementById(id)?.contains(document.activeElement) ?? false,
    menuId ?? '',
  );
  expect(focusedInMenu, 'Tab from the menu button moves into the menu').toBe(true);
  await nav.getByRole('link', { name: 'Incidents' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  await expect(nav).toBeHidden();

  // A tap outside closes it too.
  await menuButton.click();
  await expect(nav).toBeVisible();
  await page.getByRole('heading', { level: 1, name: 'Incidents' }).click({ force: true });
  await expect(nav).toBeHidden();
});

test('on a phone an incident is triaged from the list and the detail: nothing scrolls sideways, actions within thumb reach', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await logIn(page);
  const { ids, ruleNames } = await openIncidents(page, 'e2e_phone', 1);
  const [id] = ids;

  // The list: a card per incident, with its status on screen.
  await page.goto('/incidents');
  await expect(page.getByTestId('incidents-table')).toHaveAttribute('aria-busy', 'false');
  const row = page.getByTestId(`incident-row-${id}`);
  await expect(row).toBeVisible();
  const status = row.getByTestId('status-badge');
  await expect(status).toHaveText('triggered');
  await expect(status).toBeInViewport({ ratio: 1 });
  await expect(row.getByTestId('severity-badge')).toBeInViewport({ ratio: 1 });
  await expect(row.getByRole('link', { name: ruleNames[0] })).toBeInViewport();
  await expectFitsPhone(page, 'incident list');
  await stopTransitions(page);
  expect(await axeViolations(page), 'axe, incident list').toEqual([]);
  await page.screenshot({ path: 'test-results/screens/phone-incidents.png', fullPage: true });

  // The detail: Acknowledge / Resolve / Silence in a bar at the bottom of the screen, wherever it scrolls.
  await row.getByRole('link', { name: ruleNames[0] }).click();
  const detail = page.getByTestId('incident-detail');
  await expect(detail).toHaveAttribute('data-status', 'triggered', { timeout: 30_000 });
  const bar = page.getByTestId('incident-actions');
  const acknowledge = bar.getByRole('button', { name: 'Acknowledge' });
  const resolve = bar.getByRole('button', { name: 'Resolve' });
  const silence = bar.getByRole('link', { name: /^Silence/ });
  for (const at of ['top', 'middle', 'bottom'] as const) {
    await page.evaluate((where) => {
      const max = document.documentElement.scrollHeight - window.innerHeight;
      window.scrollTo(0, where === 'top' ? 0 : where === 'middle' ? max / 2 : max);
    }, at);
    for (const button of [acknowledge, resolve, silence]) {
      const box = await expectThumbTarget(button);
      // The lower half of the screen, where a thumb reaches holding the phone in one hand.
      expect(box.y, `${at}: in the thumb zone`).toBeGreaterThanOrEqual(phone.height / 2);
    }
  }
  await expectFitsPhone(page, 'incident detail');
  await page.screenshot({ path: 'test-results/screens/phone-incident-detail.png' });

  // At the bottom of the page the bar covers nothing: the last control of the page sits above it.
  const addComment = detail.getByRole('button', { name: 'Add comment' });
  await addComment.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const barBox = await bar.boundingBox();
  const lastBox = await addComment.boundingBox();
  expect(barBox && lastBox && intersects(barBox, lastBox), 'the bar covers Add comment').toBe(false);

  await stopTransitions(page);
  expect(await axeViolations(page), 'axe, incident detail').toEqual([]);
  await page.screenshot({ path: 'test-results/screens/phone-incident-detail-full.png', fullPage: true });

  // Tap by tap: Silence… opens the silence form filled in with this incident, then back; Acknowledge;
  // Resolve, which asks for a confirmation (and an optional note).
  await silence.tap();
  await expect(page).toHaveURL(/\/silences\?/);
  await expectFitsPhone(page, 'the silence form');
  await page.goBack();
  await expect(detail).toHaveAttribute('data-status', 'triggered', { timeout: 30_000 });
  await acknowledge.tap();
  await expect(detail).toHaveAttribute('data-status', 'acknowledged');
  await expect(acknowledge).toHaveCount(0);
  await expectThumbTarget(resolve);
  await resolve.tap();
  await page.getByTestId('resolve-dialog').getByRole('button', { name: 'Resolve incident' }).tap();
  await expect(detail).toHaveAttribute('data-status', 'resolved');
  await expectFitsPhone(page, 'resolved incident');
  await page.screenshot({ path: 'test-results/screens/phone-incident-resolved.png' });
});

test('on a phone the Acknowledge link of a notification opens the incident with the prompt on screen', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await logIn(page);
  const { ids } = await openIncidents(page, 'e2e_phone_ack', 1);
  await page.goto(`/incidents/${ids[0]}?ack=1`);
  const prompt = page.getByTestId('ack-prompt');
  await expect(prompt).toHaveAttribute('data-outcome', 'ask', { timeout: 30_000 });
  const button = prompt.getByRole('button', { name: 'Acknowledge' });
  await expect(button).toBeFocused();
  await expectThumbTarget(button);
  await expectFitsPhone(page, 'ack link');
  await page.screenshot({ path: 'test-results/screens/phone-ack-link.png' });
  await button.tap();
  await expect(page.getByTestId('incident-detail')).toHaveAttribute('data-status', 'acknowledged');
});
