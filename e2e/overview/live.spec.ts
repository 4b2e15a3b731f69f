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
  const tileBefore = await tile.innerText();
  const type = uniqueType('e2e');
  const r = await postEvents(
    request,
    Array.from({ length: 50 }, (_, i) => ({ id: `${type}-${i}`, type, value: i })),
  );
  expect(r.status()).toBe(202);
  // The chart's legend (SVG text) gains the new type, and the tiles change, with no navigation.
  await expect(chart.getByText(type)).toBeVisible({ timeout: 5_000 });
  await expect(tile).not.toHaveText(tileBefore);
  // Counted among the active types: the tile agrees with the API's types that have events in the last 5
  // minutes, the new one among them. Polled, since other tests' types leave that window meanwhile.
  const activeFromApi = async () => {
    const to = Date.now();
    const r = await page.request.get(
      `/api/v1/metrics/events/series?${new URLSearchParams({
        from: new Date(to - 5 * 60_000).toISOString(),
        to: new Date(to).toISOString(),
        step: '1s',
        group: 'type',
      }).toString()}`,
    );
    expect(r.status()).toBe(200);
    const body = (await r.json()) as { series: { group: { type: string }; points: [string, number][] }[] };
    return body.series.filter((s) => s.points.some(([, v]) => v > 0)).map((s) => s.group.type);
  };
  await expect
    .poll(async () => {
      const active = await activeFromApi();
      return {
        counted: active.includes(type),
        tileMinusApi: Number(await types.innerText()) - active.length,
      };
    })
    .toEqual({ counted: true, tileMinusApi: 0 });
  await page.screenshot({ path: 'test-results/screens/overview-live.png', fullPage: true });
});
