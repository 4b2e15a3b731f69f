import { expect, test } from '@playwright/test';
import { logIn, postEvents, uniqueType } from './helpers';

const angry = [
  'Where is my refund?? Worst support ever, I am furious! <b>NOW</b>',
  'Refund denied AGAIN. Terrible service, cancelling my account :(',
  'Still no refund after two weeks, this is a scam 😡',
  'Awful. The refund form crashes every time, useless support!!',
];
const calm = [
  'Thanks, the agent was lovely and fixed it quickly',
  'Great help, everything works now :)',
  'Good service, very happy with the answer',
];

const scoreOf = (text: string | null) => Number((text ?? '').replace('−', '-'));

test('angry support tickets drop the trend live, show in the negative feed and rising terms, and open a sentiment incident', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const topic = uniqueType('refunds');
  const ruleName = `E2E customers turn negative ${topic}`;
  const now = Date.now();

  // The day before: the complaints were about delivery (stored, flagged late, read by the rising terms).
  const earlier = Array.from({ length: 10 }, (_, i) => ({
    id: `${topic}-old-${i}`,
    type: 'support_ticket',
    ts: now - 3 * 3_600_000 - i * 60_000,
    text: 'Delivery was late again, really annoying',
    props: { topic },
  }));
  // A calm start: ten friendly tickets and reviews in the last minute.
  const friendly = Array.from({ length: 10 }, (_, i) => ({
    id: `${topic}-calm-${i}`,
    type: i % 2 === 0 ? 'support_ticket' : 'review',
    ts: now - 60_000 + i * 1000,
    text: calm[i % calm.length],
    props: { topic },
  }));
  expect((await postEvents(request, [...earlier, ...friendly])).status()).toBe(202);

  await logIn(page);

  // The sentiment rule, in the rule editor: negative share above 40% over 10 minutes, per topic.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).click();
  await page.getByRole('button', { name: 'New rule' }).click();
  const form = page.getByTestId('rule-form');
  await form.getByLabel('Name').fill(ruleName);
  await form.getByLabel('Kind').selectOption('sentiment');
  const fields = form.getByTestId('sentiment-fields');
  await fields.getByLabel('Measure').selectOption('negative_share');
  await expect(form.getByLabel('Metric')).toHaveValue('sentiment_negative_share');
  await fields.getByLabel('Operator').selectOption('>');
  await fields.getByLabel('Threshold (%)').fill('40');
  await fields.getByLabel('Over minutes').fill('10');
  await fields.getByLabel('At least texts').fill('5');
  await form.getByRole('group', { name: 'Group by' }).getByRole('checkbox', { name: 'topic' }).check();
  await form.getByLabel('Pending seconds').fill('0');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByTestId('rules-notice')).toHaveText(`Rule ${ruleName} created.`);

  // The Sentiment page, filtered to this test's topic.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sentiment' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sentiment' })).toBeVisible();
  await expect(page.locator(`#sentiment-filter-topic option[value="${topic}"]`)).toHaveCount(1);
  await page.getByLabel('Topic').selectOption(topic);
  await page.getByLabel('Split by').selectOption('topic');
  const average = page.getByTestId('kpi-sentiment-average').getByTestId('kpi-value');
  await expect.poll(async () => scoreOf(await average.textContent())).toBeGreaterThan(0.3);
  await expect(page.getByTestId('kpi-sentiment-texts').getByTestId('kpi-value')).toHaveText('10');
  await expect(page.getByTestId('chart-sentiment-average')).not.toHaveAttribute('data-points', '0');

  // A burst of angry tickets.
  const burst = Array.from({ length: 20 }, (_, i) => ({
    id: `${topic}-angry-${i}`,
    type: 'support_ticket',
    ts: Date.now() - 2000 + i * 50,
    text: angry[i % angry.length],
    props: { topic },
  }));
  expect((await postEvents(request, burst)).status()).toBe(202);

  // The trend drops, live: 10 calm + 20 angry texts.
  await expect.poll(async () => scoreOf(await average.textContent()), { timeout: 15_000 }).toBeLessThan(-0.2);
  await expect(page.getByTestId('kpi-sentiment-texts').getByTestId('kpi-value')).toHaveText('30');
  await expect(page.getByTestId('kpi-sentiment-negative-share').getByTestId('kpi-value')).toHaveText('67%');

  // The angry texts are in the most-negative feed, escaped (the markup shows as text).
  const feed = page.getByTestId('sentiment-feed');
  await expect(
    feed.getByText('Where is my refund?? Worst support ever, I am furious! <b>NOW</b>').first(),
  ).toBeVisible();
  await expect(feed.locator('b')).toHaveCount(0);
  await expect(feed.getByTestId('sentiment-text').first()).toContainText(topic);

  // "refund" rises in negative texts: 20 of 20 in the last hour, none of the 10 the day before.
  const refund = page.locator('[data-testid="sentiment-term"][data-term="refund"]');
  await expect(refund).toBeVisible({ timeout: 15_000 });
  await expect(refund).toContainText('100%');
  await expect(page.locator('[data-testid="sentiment-term"][data-term="delivery"]')).toHaveCount(0);

  // The sentiment rule fires: the incident toast appears on this page.
  const toast = page.getByTestId('incident-toast').filter({ hasText: ruleName });
  await expect(toast).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: 'test-results/screens/sentiment.png', fullPage: true });

  const incidents = await page.request.get('/api/v1/incidents?status=open');
  const body = (await incidents.json()) as {
    incidents: { ruleName: string; series: Record<string, string>; value: number | null }[];
  };
  const incident = body.incidents.find((i) => i.ruleName === ruleName);
  expect(incident?.series).toEqual({ topic });
  expect(incident?.value).toBeCloseTo(66.67, 1);
});
