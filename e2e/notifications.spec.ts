import { expect, test, type Page } from '@playwright/test';
import { e2ePagerDutyPort } from '../playwright.config';
import {
  slackAnswers,
  startPagerDutyReceiver,
  startSlackReceiver,
  type HttpReceiver,
  type Received,
} from '../test/receivers';
import { e2eAdmin, e2eBase, logIn, postEvents, uniqueType } from './helpers';

// The Slack receiver listens on any free port (its URL is the channel's setting); the PagerDuty one on
// the fixed port the stack's PULSEBOARD_PAGERDUTY_EVENTS_URL names (playwright.config.ts).
let slack: HttpReceiver;
let pagerduty: HttpReceiver;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  slack = await startSlackReceiver();
  pagerduty = await startPagerDutyReceiver({ port: e2ePagerDutyPort });
});

test.afterAll(async () => {
  await slack?.close();
  await pagerduty?.close();
});

type SlackBody = {
  text?: string;
  blocks?: { type: string; elements?: { url?: string; text?: { text?: string } }[] }[];
};
type PagerDutyBody = { routing_key?: string; event_action?: string; dedup_key?: string };

/** What one Slack webhook (by its path) received, in arrival order. */
function slackTo(path: string): SlackBody[] {
  return slack.received.filter((r) => r.path === path).map((r) => r.json as SlackBody);
}

function pagerDutyEvents(match: (e: PagerDutyBody) => boolean): PagerDutyBody[] {
  return pagerduty.received.map((r: Received) => r.json as PagerDutyBody).filter(match);
}

async function openTab(page: Page, name: 'Channels' | 'Policies' | 'Delivery log') {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

async function createChannel(page: Page, fill: () => Promise<void>, name: string) {
  await page.getByRole('button', { name: 'New channel' }).click();
  await fill();
  await page.getByTestId('channel-form').getByRole('button', { name: 'Create channel' }).click();
  await expect(page.getByTestId('channels-notice')).toHaveText(`Channel ${name} created.`);
}

/** A count metric over the test's own event type, and a threshold rule notifying the given channels. */
async function createRule(
  page: Page,
  type: string,
  ruleName: string,
  channelNames: string[],
  budget?: string,
) {
  const created = await page.request.post('/api/v1/metrics', {
    headers: { origin: e2eBase, 'content-type': 'application/json' },
    data: { name: type, eventTypes: [type], aggregation: 'count' },
  });
  expect(created.status(), await created.text()).toBe(201);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).click();
  await page.getByRole('button', { name: 'New rule' }).click();
  const form = page.getByTestId('rule-form');
  await form.getByLabel('Name').fill(ruleName);
  await expect(form.getByLabel('Metric').locator(`option[value="${type}"]`)).toHaveCount(1);
  await form.getByLabel('Metric').selectOption(type);
  await form.getByLabel('Window').selectOption('1m');
  await form.getByLabel('Operator').selectOption('>');
  await form.getByLabel('Threshold').fill('20');
  await form.getByLabel('Pending seconds').fill('0');
  await form.getByLabel('Severity').selectOption('critical');
  const notify = form.getByTestId('notify-fields');
  for (const name of channelNames) await notify.getByRole('checkbox', { name: new RegExp(name) }).check();
  if (budget !== undefined) {
    // Checked with the API's own schema before sending: at least one notice an hour.
    await notify.getByLabel('Notify budget per hour').fill('0');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await expect(form.getByTestId('rule-error-notifyBudgetPerHour')).toContainText('at least 1');
    await notify.getByLabel('Notify budget per hour').fill(budget);
  }
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByTestId('rules-notice')).toHaveText(`Rule ${ruleName} created.`);
}

/** Posts 50 events of `type` (the rule fires above 20 a minute) and waits for the incident's id. */
async function breach(page: Page, type: string, ruleName: string): Promise<string> {
  const now = Date.now();
  const events = Array.from({ length: 50 }, (_, i) => ({ id: `${type}-${i}`, type, ts: now - i * 10 }));
  const posted = await postEvents(page.request, events);
  expect(posted.status()).toBe(202);
  let id = '';
  await expect
    .poll(
      async () => {
        const r = await page.request.get('/api/v1/incidents?limit=50');
        const body = (await r.json()) as { incidents: { id: string; ruleName: string }[] };
        id = body.incidents.find((i) => i.ruleName === ruleName)?.id ?? '';
        return id;
      },
      { timeout: 20_000 },
    )
    .not.toBe('');
  return id;
}

test('Slack and PagerDuty channels set up in the UI get the test, then trigger, acknowledge and resolve in order, all in the delivery log', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const type = uniqueType('e2e_notify');
  const slackName = `Slack ${type}`;
  const pdName = `PagerDuty ${type}`;
  const slackSecret = Math.random().toString(36).slice(2, 14);
  const slackPath = `/services/T0E2E/B0E2E/${slackSecret}`;
  const routingKey = `E2E${Date.now().toString(36)}`.padEnd(32, 'k').slice(0, 32);
  const ruleName = `E2E notify ${type}`;

  await logIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await expect(page.getByTestId('channels-table')).toHaveAttribute('aria-busy', 'false');

  // Required fields are checked before any request; the API's own 400 lands under its field.
  await page.getByRole('button', { name: 'New channel' }).click();
  const form = page.getByTestId('channel-form');
  await form.getByRole('button', { name: 'Create channel' }).click();
  await expect(form.getByTestId('channel-error-name')).toBeVisible();
  await expect(form.getByTestId('channel-error-webhookUrl')).toBeVisible();
  await form.getByLabel('Name').fill(slackName);
  await form.getByLabel('Webhook URL').fill('hooks.slack.example/no-scheme');
  await form.getByRole('button', { name: 'Create channel' }).click();
  await expect(form.getByTestId('channel-error-webhookUrl')).toContainText('webhookUrl');
  await form.getByLabel('Webhook URL').fill(`${slack.url}${slackPath}`);
  await form.getByRole('button', { name: 'Create channel' }).click();
  await expect(page.getByTestId('channels-notice')).toHaveText(`Channel ${slackName} created.`);

  await createChannel(
    page,
    async () => {
      const f = page.getByTestId('channel-form');
      await f.getByLabel('Name').fill(pdName);
      await f.getByLabel('Type').selectOption('pagerduty');
      await f.getByLabel('Routing key').fill(routingKey);
    },
    pdName,
  );

  // Secrets come back masked: neither the webhook path nor the routing key is on the page.
  const slackRow = page.getByTestId(`channel-row-${slackName}`);
  const pdRow = page.getByTestId(`channel-row-${pdName}`);
  await expect(slackRow).toContainText('Slack');
  await expect(pdRow).toContainText('PagerDuty');
  await expect(slackRow).not.toContainText(slackSecret);
  await expect(pdRow).not.toContainText(routingKey);

  await expect(slackRow.getByTestId('channel-last-delivery')).toHaveText('none yet');

  // Send test: the result is shown next to the button and the message reaches the receiver.
  await slackRow.getByRole('button', { name: `Send test to ${slackName}` }).click();
  await expect(slackRow.getByTestId('test-result')).toHaveAttribute('data-status', 'sent', {
    timeout: 20_000,
  });
  await expect(slackRow.getByTestId('test-result')).toContainText('200');
  expect(slackTo(slackPath)).toHaveLength(1);
  // The list's Last delivery follows the outcome, without a reload.
  await expect(slackRow.getByTestId('channel-last-delivery')).toHaveAttribute('data-status', 'sent');
  await expect(slackRow.getByTestId('channel-last-delivery')).toContainText('HTTP 200');

  await page.screenshot({ path: 'test-results/screens/notifications-channels.png', fullPage: true });

  await openTab(page, 'Delivery log');
  await expect(page.getByTestId('deliveries-table')).toHaveAttribute('aria-busy', 'false');
  const testRow = page.locator(
    `[data-testid="delivery-row"][data-channel="${slackName}"][data-action="test"]`,
  );
  await expect(testRow).toHaveAttribute('data-status', 'sent');

  // A rule notifying both channels, made in the rule editor's Notify group.
  await createRule(page, type, ruleName, [slackName, pdName], '10');
  const incidentId = await breach(page, type, ruleName);

  await expect.poll(() => slackTo(slackPath).length, { timeout: 20_000 }).toBe(2);
  const ours = () => pagerDutyEvents((e) => e.routing_key === routingKey);
  await expect.poll(() => ours().length, { timeout: 20_000 }).toBe(1);
  const incident = (await (await page.request.get(`/api/v1/incidents/${incidentId}`)).json()) as {
    dedupKey: string;
  };
  expect(ours()[0]?.dedup_key).toBe(incident.dedupKey);
  const firing = slackTo(slackPath)[1];
  expect(firing?.text).toMatch(/^Firing/);
  const ackButton = firing?.blocks
    ?.find((b) => b.type === 'actions')
    ?.elements?.find((e) => e.text?.text === 'Acknowledge');
  expect(ackButton?.url).toBe(`${e2eBase}/incidents/${incidentId}?ack=1`);

  // Acknowledge and resolve on the incident page.
  await page.goto(`/incidents/${incidentId}`);
  const detail = page.getByTestId('incident-detail');
  await detail.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(detail.getByTestId('status-badge')).toHaveText('acknowledged');
  await expect.poll(() => slackTo(slackPath).length, { timeout: 20_000 }).toBe(3);
  await detail.getByRole('button', { name: 'Resolve' }).click();
  await page.getByTestId('resolve-dialog').getByRole('button', { name: 'Resolve incident' }).click();
  await expect(detail.getByTestId('status-badge')).toHaveText('resolved');
  await expect.poll(() => slackTo(slackPath).length, { timeout: 20_000 }).toBe(4);

  // In order at both receivers.
  expect(slackTo(slackPath)[0]?.text).toContain('test message');
  expect(slackTo(slackPath).map((m) => m.text?.split(':')[0])).toEqual([
    expect.stringContaining('test message'),
    'Firing',
    'Acknowledged',
    'Resolved',
  ]);
  await expect
    .poll(() => ours().map((e) => [e.event_action, e.dedup_key]), { timeout: 20_000 })
    .toEqual([
      ['trigger', incident.dedupKey],
      ['acknowledge', incident.dedupKey],
      ['resolve', incident.dedupKey],
    ]);

  // The attempts are on the incident's timeline...
  const timeline = detail.getByTestId('incident-timeline');
  for (const line of [
    `${slackName} (slack): trigger sent, HTTP 200`,
    `${slackName} (slack): resolve sent, HTTP 200`,
    `${pdName} (pagerduty): acknowledge sent, HTTP 202`,
    `${pdName} (pagerduty): resolve sent, HTTP 202`,
  ]) {
    await expect(timeline).toContainText(line, { timeout: 20_000 });
  }
  await page.screenshot({ path: 'test-results/screens/notifications-incident.png', fullPage: true });

  // ...and in the delivery log, filtered to this incident from the timeline's link.
  await detail.getByRole('link', { name: 'delivery log' }).click();
  await expect(page.getByRole('tab', { name: 'Delivery log' })).toHaveAttribute('aria-selected', 'true');
  const rows = page.locator(`[data-testid="delivery-row"][data-incident="${incidentId}"]`);
  await expect(rows).toHaveCount(6);
  for (const channel of [slackName, pdName]) {
    for (const action of ['trigger', 'acknowledge', 'resolve']) {
      await expect(
        page.locator(
          `[data-testid="delivery-row"][data-channel="${channel}"][data-action="${action}"][data-incident="${incidentId}"]`,
        ),
      ).toHaveAttribute('data-status', 'sent');
    }
  }
  // Filter by channel, expand the attempts of the PagerDuty trigger: status code and response excerpt.
  await page.getByLabel('Channel').selectOption({ label: pdName });
  await expect(rows).toHaveCount(3);
  const trigger = page.locator(
    `[data-testid="delivery-row"][data-channel="${pdName}"][data-action="trigger"]`,
  );
  await trigger.getByRole('button', { name: /attempts of the trigger/ }).click();
  const attempts = page.getByTestId('delivery-attempts');
  await expect(attempts).toContainText('202');
  await expect(attempts).toContainText('success');
  await page.screenshot({ path: 'test-results/screens/notifications-deliveries.png', fullPage: true });

  // Resend from the log: a new delivery of the trigger, which PagerDuty receives again.
  const before = ours().length;
  await trigger.getByRole('button', { name: `Resend the trigger to ${pdName}` }).click();
  await expect(page.getByTestId('deliveries-notice')).toContainText('Resent');
  await expect.poll(() => ours().length, { timeout: 20_000 }).toBe(before + 1);
  expect(ours().at(-1)?.event_action).toBe('trigger');
});

test('the Acknowledge link of a Slack message signs in and offers a one-tap Acknowledge; opening it changes nothing', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const type = uniqueType('e2e_acklink');
  const slackName = `Slack ${type}`;
  const slackPath = `/services/T0E2E/B0ACK/${type}`;
  const ruleName = `E2E ack link ${type}`;

  await logIn(page);
  await page.goto('/notifications');
  await createChannel(
    page,
    async () => {
      const f = page.getByTestId('channel-form');
      await f.getByLabel('Name').fill(slackName);
      await f.getByLabel('Webhook URL').fill(`${slack.url}${slackPath}`);
    },
    slackName,
  );
  await createRule(page, type, ruleName, [slackName]);
  const incidentId = await breach(page, type, ruleName);
  // Keep the rule breached while the link is opened: on a busy machine the sign-in can outlast the
  // 1-minute window of the first burst, and a resolved incident has nothing left to acknowledge.
  let round = 0;
  const keepBreached = setInterval(() => {
    round += 1;
    const now = Date.now();
    const burst = Array.from({ length: 50 }, (_, i) => ({
      id: `${type}-k${round}-${i}`,
      type,
      ts: now - i * 10,
    }));
    void postEvents(page.request, burst).catch(() => undefined);
  }, 15_000);
  page.on('close', () => clearInterval(keepBreached));
  await expect.poll(() => slackTo(slackPath).length, { timeout: 20_000 }).toBe(1);
  const link = slackTo(slackPath)[0]
    ?.blocks?.find((b) => b.type === 'actions')
    ?.elements?.find((e) => e.text?.text === 'Acknowledge')?.url;
  expect(link).toBe(`${e2eBase}/incidents/${incidentId}?ack=1`);

  // A browser without a session, as when the link is opened from Slack.
  const context = await browser.newContext();
  const fresh = await context.newPage();
  await fresh.goto(link ?? '');
  await expect(fresh).toHaveURL(/\/login\?next=/);
  await fresh.getByLabel('Email').fill(e2eAdmin.email);
  await fresh.getByLabel('Password').fill(e2eAdmin.password);
  await fresh.getByRole('button', { name: 'Sign in' }).click();

  const banner = fresh.getByTestId('ack-prompt');
  // The sign-in round trip and the incident's first load: slow on a busy machine.
  await expect(banner).toHaveAttribute('data-outcome', 'ask', { timeout: 30_000 });
  await expect(banner.getByRole('button', { name: 'Acknowledge' })).toBeFocused();
  await expect(fresh.getByTestId('incident-detail').getByTestId('status-badge')).toHaveText('triggered');
  await expect(fresh).toHaveURL(`${e2eBase}/incidents/${incidentId}`);
  await fresh.screenshot({ path: 'test-results/screens/notifications-ack-link.png', fullPage: true });
  await banner.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(banner).toHaveAttribute('data-outcome', 'acknowledged');
  await expect(fresh.getByTestId('incident-detail').getByTestId('status-badge')).toHaveText('acknowledged');

  // Opening the link again says so instead of failing.
  await fresh.goto(link ?? '');
  await expect(fresh.getByTestId('ack-prompt')).toHaveAttribute('data-outcome', 'already');
  await expect(fresh).toHaveURL(`${e2eBase}/incidents/${incidentId}`);
  await expect.poll(() => slackTo(slackPath).length, { timeout: 20_000 }).toBe(2);
  expect(slackTo(slackPath)[1]?.text).toMatch(/^Acknowledged/);
  clearInterval(keepBreached);
  await context.close();
});

test('viewers see channels, policies and the delivery log without controls; operators may only resend', async ({
  page,
  browser,
}) => {
  // Three sign-ins (argon2) and three walks through the tabs.
  test.setTimeout(180_000);
  const type = uniqueType('e2e_notify_roles');
  const people = {
    viewer: { email: `${type}-viewer@e2e.test`, password: 'viewer-password-123' },
    operator: { email: `${type}-operator@e2e.test`, password: 'operator-password-123' },
  };
  await logIn(page);
  for (const [role, who] of Object.entries(people)) {
    const created = await page.request.post('/api/v1/users', {
      headers: { origin: e2eBase, 'content-type': 'application/json' },
      data: { email: who.email, role, password: who.password },
    });
    expect(created.status(), await created.text()).toBe(201);
  }

  // A policy in the UI: critical incidents to one channel at once, a second step after 15 minutes.
  const policyName = `Policy ${type}`;
  await page.goto('/notifications?tab=policies');
  await page.getByRole('button', { name: 'New policy' }).click();
  const form = page.getByTestId('policy-form');
  await form.getByRole('button', { name: 'Create policy' }).click();
  await expect(form.getByTestId('policy-error-name')).toBeVisible();
  await form.getByLabel('Name').fill(policyName);
  await form.getByRole('checkbox', { name: 'critical' }).check();
  await form.getByLabel('Labels').fill('team=payments');
  await form.getByTestId('policy-step-1').getByRole('checkbox').first().check();
  await form.getByRole('button', { name: 'Add escalation step' }).click();
  await form.getByTestId('policy-step-2').getByRole('checkbox').first().check();
  await form.getByLabel('Repeat every (minutes)').fill('30');
  await form.getByRole('button', { name: 'Create policy' }).click();
  await expect(page.getByTestId('policies-notice')).toHaveText(`Policy ${policyName} created.`);
  const policyRow = page.getByTestId(`policy-row-${policyName}`);
  await expect(policyRow).toContainText('critical · team=payments');
  await expect(policyRow).toContainText('at once:');
  await expect(policyRow).toContainText('after 15 min:');
  await expect(policyRow).toContainText('every 30 min');
  await page.screenshot({ path: 'test-results/screens/notifications-policies.png', fullPage: true });

  for (const role of ['viewer', 'operator'] as const) {
    const context = await browser.newContext();
    const as = await context.newPage();
    await logIn(as, people[role]);
    await as.goto('/notifications');
    await expect(as.getByTestId('channels-table')).toHaveAttribute('aria-busy', 'false');
    await expect(as.locator('[data-testid^="channel-row-"]').first()).toBeVisible();
    await expect(as.getByRole('button', { name: 'New channel' })).toHaveCount(0);
    await expect(as.getByRole('button', { name: /^Send test/ })).toHaveCount(0);
    await expect(as.getByRole('button', { name: /^Edit / })).toHaveCount(0);
    await expect(as.getByRole('checkbox', { name: /^Enable / })).toHaveCount(0);
    await openTab(as, 'Policies');
    await expect(as.getByRole('button', { name: 'New policy' })).toHaveCount(0);
    await openTab(as, 'Delivery log');
    await expect(as.getByTestId('delivery-row').first()).toBeVisible();
    // Rows and buttons read together: an earlier test's incident may resolve and log a delivery meanwhile.
    await expect(async () => {
      const rows = await as.getByTestId('delivery-row').count();
      await expect(as.getByRole('button', { name: /^Resend/ })).toHaveCount(role === 'operator' ? rows : 0, {
        timeout: 1_000,
      });
    }).toPass({ timeout: 15_000 });
    if (role === 'viewer')
      await as.screenshot({ path: 'test-results/screens/notifications-viewer.png', fullPage: true });
    await context.close();
  }
});

test("a channel whose target stopped answering says so in the channels list, with the target's answer", async ({
  page,
}) => {
  const name = `Slack gone ${uniqueType('gone')}`;
  const path = `/services/T0E2E/B0GONE/${Math.random().toString(36).slice(2, 14)}`;
  await logIn(page);
  const created = await page.request.post('/api/v1/channels', {
    headers: { origin: e2eBase, 'content-type': 'application/json' },
    data: { name, type: 'slack', config: { webhookUrl: `${slack.url}${path}` } },
  });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto('/notifications');
  const row = page.getByTestId(`channel-row-${name}`);
  await expect(row.getByTestId('channel-last-delivery')).toHaveText('none yet');

  // Slack's side removed the webhook: the test fails for good, and the list says so with Slack's answer.
  slack.enqueue(slackAnswers.noService());
  await row.getByRole('button', { name: `Send test to ${name}` }).click();
  await expect(row.getByTestId('test-result')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
  const last = row.getByTestId('channel-last-delivery');
  await expect(last).toHaveAttribute('data-status', 'failed');
  await expect(last).toContainText('HTTP 404');
  await expect(last).toContainText('no_service');
  await row.screenshot({ path: test.info().outputPath('channel-last-delivery-failed.png') });
  expect(slack.received.filter((r) => r.path === path)).toHaveLength(1);

  // Seen by a reader who did not send the test, after a reload.
  await page.reload();
  await expect(page.getByTestId(`channel-row-${name}`).getByTestId('channel-last-delivery')).toContainText(
    'no_service',
  );

  // The Pipeline page names it until a delivery to it succeeds.
  await page.goto('/health');
  await expect(page.getByTestId('pipeline-failing-channels')).toContainText(`${name} (HTTP 404, failed`);
  await page.goto('/notifications');
  await page
    .getByTestId(`channel-row-${name}`)
    .getByRole('button', { name: `Send test to ${name}` })
    .click();
  await expect(page.getByTestId(`channel-row-${name}`).getByTestId('test-result')).toHaveAttribute(
    'data-status',
    'sent',
    { timeout: 20_000 },
  );
  await page.goto('/health');
  await expect(page.getByTestId('pipeline-updated')).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
});
