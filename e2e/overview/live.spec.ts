import { expect, test } from '@playwright/test';
import { logIn, postEvents, uniqueType } from '../helpers';

test('KPI tiles and charts move within seconds of events arriving, without a reload', async ({
  page,
  request,
}) => {
  await logIn(page);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');
  const tile = page.getByTestId('kpi-events-per-second').getByTestId('kpi-value');
  const types = page.getByTestId('kpi-active-types').getByTestId('kpi-value');
  const chart = page.getByTestId('chart-events-by-type');
  const before = { tile: await tile.innerText() };
  const type = uniqueType('e2e');
  const r = await postEvents(
    request,
    Array.from({ length: 50 }, (_, i) => ({ id: `${type}-${i}`, type, value: i })),
  );
  expect(r.status()).toBe(202);
  // The chart's legend (SVG text) gains the new type, and the tiles change, with no navigation.
  await expect(chart.getByText(type)).toBeVisible({ timeout: 5_000 });
  await expect(tile).not.toHaveText(before.tile);
  // Counted among the active types. Not "more than before": other tests' types leave the 5-minute
  // window meanwhile, and one leaving as this one arrives kept the count (21 then 20 in a CI run).
  await expect.poll(async () => Number(await types.innerText())).toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: 'test-results/screens/overview-live.png', fullPage: true });
});
