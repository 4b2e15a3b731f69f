import { expect, test } from '@playwright/test';
import { logIn, openThresholdIncident, uniqueType } from './helpers';

test('Explore shades only the incidents of rules on the shown metric, with titles cut to their span', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await logIn(page);
  const shown = uniqueType('e2e_shade');
  const other = uniqueType('e2e_shade_other');
  await openThresholdIncident(
    page,
    shown,
    `E2E shading with a title far too long to fit a narrow span ${shown}`,
  );
  await openThresholdIncident(page, other);

  await page.goto(`/explore?metric=${shown}&range=15m`);
  const chart = page.getByTestId('chart-explore');
  // Only the shown metric's incident: the other rule's breach, open in the same minutes, is not shaded.
  await expect(chart).toHaveAttribute('data-incidents', '1', { timeout: 20_000 });
  await expect(page.getByText(`1 incident of rules on ${shown} opened in this range`)).toBeVisible();
  const labels = JSON.parse((await chart.getAttribute('data-incident-labels')) ?? '[]') as string[];
  expect(labels).toHaveLength(1);
  const whole = `warning: E2E shading with a title far too long to fit a narrow span ${shown}`;
  // A span of a minute or two on a 15-minute axis is narrow: the label is cut, never the whole title.
  expect(labels[0]?.length ?? 0).toBeLessThan(whole.length);
  if (labels[0]) expect(whole.startsWith(labels[0].replace(/…$/, ''))).toBe(true);
  await page.screenshot({ path: 'test-results/screens/explore-incidents.png', fullPage: true });

  await page.goto(`/explore?metric=${other}&range=15m`);
  await expect(chart).toHaveAttribute('data-incidents', '1', { timeout: 20_000 });
});
