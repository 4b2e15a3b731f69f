import { expect, test } from '@playwright/test';
import { logIn, uniqueType } from './helpers';

// Issue 20 point 8: where egress goes through a proxy, the server cannot resolve hooks.slack.com (this
// machine reaches no such host either). Saving a channel must not depend on it: names are checked when
// sending, so the channel is saved and the test send is the one that reports the failure.
test('a Slack channel whose host the server cannot resolve is saved; its test send says it failed', async ({
  page,
}) => {
  const type = uniqueType('e2e_unresolved');
  const name = `Slack ${type}`;
  await logIn(page);
  await page.goto('/notifications');
  await expect(page.getByTestId('channels-table')).toHaveAttribute('aria-busy', 'false');
  await page.getByRole('button', { name: 'New channel' }).click();
  const form = page.getByTestId('channel-form');
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Webhook URL').fill(`https://hooks.slack.com/services/T0E2E/B0E2E/${type}`);
  await form.getByRole('button', { name: 'Create channel' }).click();
  await expect(page.getByTestId('channels-notice')).toHaveText(`Channel ${name} created.`);
  const row = page.getByTestId(`channel-row-${name}`);
  await expect(row).toContainText('Slack');

  await row.getByRole('button', { name: `Send test to ${name}` }).click();
  const result = row.getByTestId('test-result');
  // Not sent: the name does not resolve here, so the delivery retries (or fails) and says why.
  await expect(result).toHaveAttribute('data-status', /^(retrying|failed|dead)$/, { timeout: 30_000 });
  await expect(result).not.toHaveText(/^\s*$/);
  await page.screenshot({ path: 'test-results/screens/channel-unresolved.png', fullPage: true });
});
