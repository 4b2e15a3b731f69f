import { expect, test, type Page } from '@playwright/test';
import { builtInOverviewLayout } from '@/core/services/overview-layout/schemas';
import { e2eBase, logIn, uniqueType } from './helpers';

const apiHeaders = { origin: e2eBase, 'content-type': 'application/json' };

/** The overview's KPI tiles and charts, as their test ids in page order. */
async function shownPanels(page: Page): Promise<{ kpis: string[]; charts: string[] }> {
  const ids = (selector: string) =>
    page.locator(selector).evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
  return {
    kpis: await ids('[data-testid="overview-kpis"] > article'),
    charts: await ids('[data-testid="overview-charts"] [data-testid^="chart-"]'),
  };
}

test.afterAll(async ({ browser }) => {
  // The e2e database is shared: leave the overview as the other specs expect it.
  const page = await browser.newPage();
  await logIn(page);
  await page.request.delete('/api/v1/overview-layout', { headers: apiHeaders });
  await page.request.put('/api/v1/overview-layout/team', {
    headers: apiHeaders,
    data: builtInOverviewLayout,
  });
  await page.close();
});

test('the overview is customized with the keyboard, kept across reloads, and a team default reaches others', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const email = `${uniqueType('layout')}@e2e.test`;
  const password = 'layout-password-123';
  await logIn(page);
  const created = await page.request.post('/api/v1/users', {
    headers: apiHeaders,
    data: { email, role: 'operator', password },
  });
  expect(created.status(), await created.text()).toBe(201);

  // Admin: a team default of two tiles and two charts, made in the customize panel.
  await page.getByRole('button', { name: 'Customize' }).click();
  const panel = page.getByTestId('overview-customize');
  await expect(panel.getByRole('heading', { name: 'Customize the overview' })).toBeVisible();
  const kpis = panel.getByTestId('layout-kpis');
  const charts = panel.getByTestId('layout-charts');
  for (const name of ['Purchases / min', 'Revenue / min', 'API p95 latency', 'Active event types'])
    await kpis.getByRole('button', { name: `Remove ${name}` }).click();
  for (const name of ['Purchases per second', 'Revenue per minute', 'API latency p95'])
    await charts.getByRole('button', { name: `Remove ${name}` }).click();
  // A catalogue metric as a chart, added from the list, then moved to the top with the keyboard.
  await charts.getByLabel('Add a chart').selectOption('metric:events');
  await charts.getByRole('button', { name: 'Add the chosen chart' }).click();
  await charts.getByRole('button', { name: 'Move Metric: events up' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter'); // the focus stays on the moved entry's button
  await expect(panel.getByRole('status')).toHaveText('Metric: events moved to position 1 of 3.');
  await expect(panel.getByRole('button', { name: 'Move Metric: events up' })).toBeDisabled();
  const team = {
    kpis: ['kpi-events-per-second', 'kpi-errors-per-second'],
    charts: ['chart-metric-events', 'chart-events-by-type', 'chart-errors'],
  };
  // The page follows the draft while customizing.
  await expect.poll(() => shownPanels(page)).toEqual(team);
  await page.getByRole('button', { name: 'Save as team default' }).click();
  await expect(page.getByTestId('overview-layout-notice')).toContainText('Saved as the team default');
  await expect(panel).toHaveCount(0);

  // Admin's own layout: the error tile first (moved with Up presses), one chart.
  await page.getByRole('button', { name: 'Customize' }).click();
  await kpis.getByRole('button', { name: 'Move API errors / s up' }).focus();
  await page.keyboard.press('Enter');
  await charts.getByRole('button', { name: 'Remove Events per second by type' }).click();
  await charts.getByRole('button', { name: 'Remove API errors per second' }).click();
  await page.screenshot({ path: 'test-results/screens/overview-customize.png', fullPage: true });
  await page.getByRole('button', { name: 'Save my layout' }).click();
  await expect(page.getByTestId('overview-layout-notice')).toHaveText('Your layout is saved.');
  const mine = { kpis: ['kpi-errors-per-second', 'kpi-events-per-second'], charts: ['chart-metric-events'] };
  await expect.poll(() => shownPanels(page)).toEqual(mine);
  await page.reload();
  await expect.poll(() => shownPanels(page)).toEqual(mine);
  await expect(page.getByTestId('chart-metric-events')).not.toHaveAttribute('data-points', '0');

  // Someone else, without a layout of their own, sees the team default; and no "Save as team default".
  const context = await browser.newContext();
  const other = await context.newPage();
  await logIn(other, { email, password });
  await expect.poll(() => shownPanels(other)).toEqual(team);
  await other.getByRole('button', { name: 'Customize' }).click();
  await expect(other.getByRole('button', { name: 'Save my layout' })).toBeVisible();
  await expect(other.getByRole('button', { name: 'Save as team default' })).toHaveCount(0);
  await other.screenshot({ path: 'test-results/screens/overview-team-default.png', fullPage: true });
  await context.close();

  // The admin goes back to the team default.
  await page.getByRole('button', { name: 'Customize' }).click();
  await page.getByRole('button', { name: 'Reset to team default' }).click();
  await expect(page.getByTestId('overview-layout-notice')).toHaveText('Back to the team default.');
  await expect.poll(() => shownPanels(page)).toEqual(team);
});
