import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { e2eBase, logIn, postEvents, uniqueType } from './helpers';

/**
 * Every console screen that exists: each static `page.tsx` under app/(console) (dynamic segments such as
 * incidents/[id] need an id: the incident detail is checked with the incident the toast test opens),
 * found at run time so new screens are checked too.
 */
function consoleScreens(): string[] {
  const root = path.resolve(import.meta.dirname, '../app/(console)');
  const found: string[] = [];
  const walk = (dir: string, route: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name.startsWith('[') || name.startsWith('_') || name.startsWith('@')) continue;
        // Route groups "(name)" add no path segment.
        walk(full, name.startsWith('(') ? route : `${route}/${name}`);
      } else if (name === 'page.tsx') {
        found.push(route || '/');
      }
    }
  };
  walk(root, '');
  return found.sort();
}

const screens = consoleScreens();
const themes = ['light', 'dark'] as const;
type Theme = (typeof themes)[number];

type AxeViolation = {
  id: string;
  impact?: string | null;
  nodes: { target: unknown[]; failureSummary?: string }[];
};
type AxeWindow = {
  axe: { run: (context: Document, options: unknown) => Promise<{ violations: AxeViolation[] }> };
};

/** Serious and critical findings, one line each (rule, impact, targets). */
function serious(violations: AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ')}`,
      ),
    );
}

/**
 * Every WCAG 2.1 A/AA rule on the page as it is now. Legacy mode runs axe in the page itself: there are no
 * cross-origin frames to reach, and the default mode opens a blank page per run to merge frame results.
 */
async function allRules(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .setLegacyMode(true)
    .analyze();
  return serious(results.violations);
}

/**
 * Only the rules whose outcome depends on colours, with the axe the first run left in the page. The markup
 * is the same in both themes, so the second theme needs only these.
 */
async function colourRules(page: Page): Promise<string[]> {
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as AxeWindow;
    const results = await axe.run(document, {
      runOnly: { type: 'rule', values: ['color-contrast', 'link-in-text-block'] },
    });
    return results.violations;
  });
  return serious(violations);
}

/** Lets client data load without waiting long for an idle network (some screens poll every 2 s). */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {}); // checked as it is then
  // Colour transitions would let axe read a colour half-way between the themes.
  await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; }' });
}

/**
 * Checks the page loaded now in both themes: every rule in the light theme, then the colour rules after
 * switching <html data-theme> to dark, as the theme toggle does (one page load for both).
 */
async function checkBothThemes(page: Page, name: string, file: string): Promise<string[]> {
  const found: string[] = [];
  for (const theme of themes) {
    await setTheme(page, theme);
    const violations = theme === themes[0] ? await allRules(page) : await colourRules(page);
    found.push(...violations.map((v) => `${name} (${theme}): ${v}`));
    await page.screenshot({ path: `test-results/screens/a11y-${theme}-${file}.png` });
  }
  return found;
}

async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate((t) => {
    document.documentElement.dataset.theme = t;
  }, theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test.beforeAll(async ({ request }) => {
  // Some traffic, so the screens show data (charts, lists) and not only their empty states.
  const tag = uniqueType('a11y');
  const now = Date.now();
  const events = Array.from({ length: 60 }, (_, i) => ({
    id: `${tag}-${i}`,
    type: ['page_view', 'purchase', 'api_request'][i % 3],
    ts: now - 60_000 + i * 1000,
    value: 10 + i,
  }));
  expect((await postEvents(request, events)).status()).toBe(202);
});

test('the console screens were found', () => {
  expect(screens).toContain('/');
  expect(screens.length).toBeGreaterThanOrEqual(5);
});

test('every console screen, light and dark, has no serious or critical axe violation', async ({
  page,
  context,
}) => {
  test.setTimeout(30_000 + screens.length * 25_000);
  await context.addCookies([{ name: 'pb-theme', value: themes[0], url: e2eBase }]);
  await logIn(page);
  const found: string[] = [];
  for (const screen of screens) {
    const response = await page.goto(screen);
    const status = response?.status() ?? 0;
    if (status >= 400) {
      found.push(`${screen}: answered HTTP ${status}`);
      continue;
    }
    await expect(page.locator('html')).toHaveAttribute('data-theme', themes[0]);
    await settle(page);
    const file = screen === '/' ? 'overview' : screen.slice(1).replaceAll('/', '-');
    found.push(...(await checkBothThemes(page, screen, file)));
  }
  expect(found, found.join('\n')).toEqual([]);
});

test('every main navigation link is reachable by keyboard', async ({ page }) => {
  await logIn(page);
  // Tab from the top of the page: every nav link receives focus in order.
  const navLinks = page.getByRole('navigation').first().getByRole('link');
  const count = await navLinks.count();
  expect(count).toBeGreaterThan(0);
  const focused: string[] = [];
  await page.locator('body').focus();
  for (let i = 0; i < count + 6; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() =>
      document.activeElement?.closest('nav') ? (document.activeElement.textContent ?? '') : null,
    );
    if (name !== null) focused.push(name.trim());
  }
  const names = (await navLinks.allInnerTexts()).map((t) => t.trim());
  expect(focused).toEqual(expect.arrayContaining(names));
});

test('the toast’s Acknowledge button is reached with Tab and pressed with Enter', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const type = uniqueType('e2e_a11y_toast');
  await logIn(page);
  const headers = { origin: e2eBase, 'content-type': 'application/json' };
  const metric = await page.request.post('/api/v1/metrics', {
    headers,
    data: { name: type, eventTypes: [type], aggregation: 'count' },
  });
  expect(metric.status(), await metric.text()).toBe(201);
  const rule = await page.request.post('/api/v1/rules', {
    headers,
    data: {
      name: `A11y ${type}`,
      kind: 'threshold',
      metric: type,
      window: '1m',
      params: { op: '>', value: 5 },
    },
  });
  expect(rule.status(), await rule.text()).toBe(201);
  await page.goto('/incidents');
  const now = Date.now();
  // The workers pick up a new rule within a few seconds: keep breaching until the toast shows.
  const toast = page.getByTestId('incident-toast').filter({ hasText: type });
  await expect(async () => {
    const r = await postEvents(
      request,
      Array.from({ length: 10 }, (_, i) => ({ id: `${type}-${Date.now()}-${i}`, type, ts: now - i * 10 })),
    );
    expect(r.status()).toBe(202);
    await expect(toast).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 45_000 });

  const acknowledge = toast.getByRole('button', { name: 'Acknowledge' });
  await page.locator('body').focus();
  let reached = false;
  for (let i = 0; i < 200 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await acknowledge.evaluate((el) => el === document.activeElement);
  }
  expect(reached, 'Acknowledge receives focus by Tab').toBe(true);
  await page.screenshot({ path: 'test-results/screens/a11y-toast-focus.png' });
  await page.keyboard.press('Enter');
  await expect(toast).toHaveCount(0);

  // The incident detail screen (a dynamic route the screen walk above cannot reach), acknowledged.
  const row = page.locator('[data-testid^="incident-row-"]').filter({ hasText: type });
  const incidentId = ((await row.first().getAttribute('data-testid')) ?? '').replace('incident-row-', '');
  expect(incidentId).not.toBe('');
  await page.goto(`/incidents/${incidentId}`);
  await expect(page.getByTestId('incident-timeline')).toContainText('acknowledged');
  await settle(page);
  const found = await checkBothThemes(page, '/incidents/[id]', 'incident-detail');
  expect(found, found.join('\n')).toEqual([]);
});
