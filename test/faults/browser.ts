// A real Chromium on the overview for the fault suite (playwright-core, the machine's /usr/bin/chromium):
// what a person watching the console sees while the web process dies under it.
import { chromium, type Browser, type Page } from 'playwright-core';

export type Overview = {
  browser: Browser;
  page: Page;
  /** Bucket starts (epoch ms) of the `events` frames for `type` that reached the page over its socket. */
  framed: Set<number>;
  /** The page's live indicator: `live`, `reconnecting` or `offline`. */
  connection(): Promise<string | null>;
  /** The points the "events per second by type" chart is drawing for `type`: `[epoch ms, value]`. */
  chartPoints(): Promise<[number, number][]>;
  close(): Promise<void>;
};

/** Opens the overview signed in with `cookie` (`pb_session=…`), watching the frames of `type`. */
export async function openOverview(base: string, cookie: string, type: string): Promise<Overview> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const [name = '', value = ''] = cookie.split(';')[0]!.split('=');
    await context.addCookies([{ name, value, url: base }]);
    const page = await context.newPage();
    const framed = new Set<number>();
    page.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        // Socket.IO event packets are `42["metric",{...}]`.
        if (typeof payload !== 'string' || !payload.startsWith('42["metric"')) return;
        const [, frame] = JSON.parse(payload.slice(2)) as [string, { group?: { type?: string }; ts: string }];
        if (frame.group?.type === type) framed.add(Date.parse(frame.ts));
      }),
    );
    await page.goto(`${base}/`);
    return {
      browser,
      page,
      framed,
      connection: () => page.getByTestId('connection-status').getAttribute('data-state'),
      chartPoints: () => page.evaluate<[number, number][]>(chartPointsScript('events-by-type', type)),
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Reads the series the chart component was handed (its React props, found from the chart's element), so
 * the test sees exactly what is drawn. A string, not a function: the test's compiled code would not run
 * in the page as is.
 */
function chartPointsScript(slug: string, type: string): string {
  return `(() => {
    const el = document.querySelector('[data-testid="chart-${slug}"]');
    if (!el) return [];
    const key = Object.keys(el).find((k) => k.startsWith('__reactFiber$'));
    let fiber = key ? el[key] : null;
    while (fiber && !(fiber.memoizedProps && fiber.memoizedProps.slug === ${JSON.stringify(slug)})) {
      fiber = fiber.return;
    }
    const series = fiber ? fiber.memoizedProps.series.find((s) => s.name === ${JSON.stringify(type)}) : null;
    return series ? series.points.map(([t, v]) => [t, v]) : [];
  })()`;
}
