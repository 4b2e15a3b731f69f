import { expect, test } from '@playwright/test';
import { logIn, postEvents, uniqueType } from './helpers';

/** Largest Contentful Paint budget for the overview's first load on localhost (issue 7). */
const lcpBudgetMs = 1500;

type LcpEntry = { startTime: number; size: number; element: string };

test('the overview’s first load paints its largest content within 1.5 s', async ({
  browser,
  request,
}, testInfo) => {
  // The overview as an ops team sees it: traffic of a few types over the last minutes. (On an empty
  // database the largest element is the "Waiting for the first event" panel, which appears only after the
  // series query answers, so its LCP is that much later.) Charts are canvases, which LCP does not count.
  const tag = uniqueType('lcp');
  const now = Date.now();
  const events = Array.from({ length: 300 }, (_, i) => ({
    id: `${tag}-${i}`,
    type: ['page_view', 'purchase', 'api_request'][i % 3],
    ts: now - 120_000 + i * 400,
    value: i % 3 === 1 ? 20 + (i % 50) : 40 + (i % 90),
  }));
  expect((await postEvents(request, events)).status()).toBe(202);

  // Log in through the form, then open the overview in a fresh context that has the session cookie but an
  // empty HTTP cache: a person's first visit, on the production build the e2e stack serves.
  const loginContext = await browser.newContext();
  await logIn(await loginContext.newPage());
  const storageState = await loginContext.storageState();
  await loginContext.close();

  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  await page.goto('/', { waitUntil: 'load' });
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');
  // LCP candidates stop with the first input; give late candidates (charts, tiles) a moment, no input.
  await page.waitForTimeout(1500);
  const entries = await page.evaluate(
    () =>
      new Promise<LcpEntry[]>((resolve) => {
        const seen: LcpEntry[] = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & {
            size: number;
            element: Element | null;
          })[]) {
            const el = e.element;
            seen.push({
              startTime: e.startTime,
              size: e.size,
              element: el
                ? `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className)}` : ''}`
                : '',
            });
          }
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        setTimeout(() => resolve(seen), 200);
      }),
  );
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      ttfb: Math.round(nav?.responseStart ?? 0),
      domContentLoaded: Math.round(nav?.domContentLoadedEventEnd ?? 0),
      fcp: Math.round(fcp?.startTime ?? 0),
    };
  });
  console.log(`overview timings (ms): ${JSON.stringify(timing)}`);
  console.log(`overview LCP candidates: ${JSON.stringify(entries)}`);
  await page.screenshot({ path: 'test-results/screens/overview-first-load.png', fullPage: true });
  await context.close();

  const lcp = entries.at(-1);
  expect(lcp, 'the browser reported a largest-contentful-paint entry').toBeDefined();
  const ms = Math.round(lcp!.startTime);
  console.log(`overview LCP: ${ms} ms (element ${lcp!.element}, ${entries.length} candidates)`);
  testInfo.annotations.push({ type: 'lcp-ms', description: String(ms) });
  expect(ms).toBeLessThanOrEqual(lcpBudgetMs);
});
