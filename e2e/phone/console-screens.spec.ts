import { expect, test } from '@playwright/test';
import { logIn, postEvents, uniqueType } from '../helpers';
import { consoleScreens, overflow, phone } from './layout';

test.use({ viewport: phone, hasTouch: true });

const screens = consoleScreens();

test('every console screen fits a phone: no horizontal scroll, nothing wider than the screen', async ({
  page,
}) => {
  test.setTimeout(60_000 + screens.length * 20_000);
  expect(screens.length).toBeGreaterThanOrEqual(5);
  // Some traffic, so charts and tables show data and not only their empty states.
  const tag = uniqueType('e2e_phone_screens');
  const now = Date.now();
  const events = Array.from({ length: 30 }, (_, i) => ({
    id: `${tag}-${i}`,
    type: ['page_view', 'purchase', 'api_request'][i % 3],
    ts: now - 30_000 + i * 1000,
    value: 10 + i,
  }));
  expect((await postEvents(page.request, events)).status()).toBe(202);
  await logIn(page);
  const found: string[] = [];
  for (const screen of screens) {
    await page.goto(screen);
    await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {}); // measured as it is then
    const { scrollWidth, wide } = await overflow(page);
    if (scrollWidth > phone.width) found.push(`${screen}: page is ${scrollWidth} px wide`);
    found.push(...wide.map((w) => `${screen}: ${w}`));
    const file = screen === '/' ? 'overview' : screen.slice(1).replaceAll('/', '-');
    await page.screenshot({ path: `test-results/screens/phone-${file}.png` });
  }
  expect(found, found.join('\n')).toEqual([]);
});
