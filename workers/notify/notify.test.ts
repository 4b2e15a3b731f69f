import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, deliveryAttempts, incidentEvents } from '@/db/schema';
import { Webhook } from 'standardwebhooks';
import { acknowledgeIncident } from '@/core/services/incidents/acknowledge-incident';
import { resolveIncident } from '@/core/services/incidents/resolve-incident';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import {
  slackAnswers,
  startPagerDutyReceiver,
  startSlackReceiver,
  startSmtpReceiver,
  startWebhookReceiver,
  validatePagerDutyEvent,
  type HttpReceiver,
  type SmtpReceiver,
} from '@/test/receivers';
import { startNotifyWorker } from './index';
import {
  addChannel,
  addRule,
  deliveriesOf,
  notifySetup,
  openIncident,
  routingKey,
  testKey,
} from '@/test/helpers/notify-harness';

let tdb: TestDatabase;
let setup: Awaited<ReturnType<typeof notifySetup>>;
let notify: ReturnType<typeof startNotifyWorker>;
let pd: HttpReceiver;
let smtp: SmtpReceiver;
const receivers: HttpReceiver[] = [];
const prefix = testRedisPrefix();

async function slack() {
  const r = await startSlackReceiver();
  receivers.push(r);
  const id = await addChannel(setup.ctx(), {
    name: `slack-${r.port}`,
    type: 'slack',
    enabled: true,
    config: { webhookUrl: `${r.url}/services/T0/B0/x` },
  });
  return { r, id };
}

const finalStatus = async (incidentId: string) =>
  (await deliveriesOf(tdb, incidentId)).map((d) => `${d.action}:${d.status}`);

beforeAll(async () => {
  tdb = await createTestDatabase();
  setup = await notifySetup(tdb);
  pd = await startPagerDutyReceiver();
  smtp = await startSmtpReceiver();
  notify = startNotifyWorker({
    sql: tdb.sql,
    redisUrl: testRedisUrl,
    prefix,
    secretKey: testKey,
    pagerDutyUrl: `${pd.url}/v2/enqueue`,
    allowPrivate: true,
    publicUrl: 'http://pulseboard.test',
    retry: { maxAttempts: 4, baseMs: 100, capMs: 400 },
    rateLimits: { slack: { perSecond: 50, burst: 50 } },
    pumpMs: 50,
    escalateMs: 3_600_000,
    sweepMs: 2000,
  });
});
afterAll(async () => {
  await notify.close();
  await Promise.all([...receivers, pd].map((r) => r.close()));
  await smtp.close();
  const redis = new Redis(testRedisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await tdb.drop();
});

describe('Slack answers', () => {
  it('200 ok: one Block Kit message, the delivery sent, the attempt in the log and the timeline', async () => {
    const { r, id } = await slack();
    const incident = await openIncident(tdb, await addRule(tdb, { channelIds: [id] }), { type: 'checkout' });
    const [got] = await r.waitFor(1);
    const body = got!.json as {
      text: string;
      blocks: { type: string; text?: { text: string }; elements?: { url: string }[] }[];
    };
    expect(body.text).toContain('Firing');
    expect(body.blocks[0]).toMatchObject({ type: 'header' });
    expect(body.blocks[0]!.text!.text).toMatch(/^Firing \[CRITICAL\] rule-/);
    expect(JSON.stringify(body.blocks)).toContain('type=checkout');
    const buttons = body.blocks.find((b) => b.type === 'actions')!.elements!.map((e) => e.url);
    expect(buttons).toEqual([
      `http://pulseboard.test/incidents/${incident}`,
      `http://pulseboard.test/incidents/${incident}?ack=1`,
      'https://runbooks.example.com/errors',
    ]);
    await expect.poll(() => finalStatus(incident)).toEqual(['trigger:sent']);
    const [d] = await deliveriesOf(tdb, incident);
    const attempts = await tdb.db
      .select()
      .from(deliveryAttempts)
      .where(eq(deliveryAttempts.deliveryId, d!.id));
    expect(attempts).toMatchObject([{ statusCode: 200, responseExcerpt: 'ok', error: null }]);
    const timeline = await tdb.db
      .select()
      .from(incidentEvents)
      .where(eq(incidentEvents.incidentId, incident));
    expect(timeline.filter((e) => e.kind === 'notification')).toHaveLength(1);
    // The outbox never reacts to its own notification entries.
    await new Promise((res) => setTimeout(res, 400));
    expect(r.received).toHaveLength(1);
    expect(await deliveriesOf(tdb, incident)).toHaveLength(1);
  });

  it('400 invalid_payload: failed at once, no retry, the response recorded', async () => {
    const { r, id } = await slack();
    r.enqueue(slackAnswers.invalidPayload());
    const incident = await openIncident(tdb, await addRule(tdb, { channelIds: [id] }));
    await expect.poll(() => finalStatus(incident)).toEqual(['trigger:failed']);
    const [d] = await deliveriesOf(tdb, incident);
    const attempts = await tdb.db
      .select()
      .from(deliveryAttempts)
      .where(eq(deliveryAttempts.deliveryId, d!.id));
    expect(attempts).toMatchObject([{ statusCode: 400, responseExcerpt: 'invalid_payload' }]);
    await new Promise((res) => setTimeout(res, 500));
    expect(r.received).toHaveLength(1);
  });

  it('429 with Retry-After: waits at least that long, then sends', async () => {
    const { r, id } = await slack();
    r.enqueue(slackAnswers.rateLimited(2));
    const incident = await openIncident(tdb, await addRule(tdb, { channelIds: [id] }));
    const got = await r.waitFor(2);
    expect(got.map((g) => g.status)).toEqual([429, 200]);
    expect(got[1]!.at - got[0]!.at).toBeGreaterThanOrEqual(1900);
    await expect.poll(() => finalStatus(incident)).toEqual(['trigger:sent']);
  });

  it('429 with an HTTP-date Retry-After is honoured too', async () => {
    const { r, id } = await slack();
    r.enqueue(slackAnswers.rateLimited(new Date(Date.now() + 2500).toUTCString()));
    await openIncident(tdb, await addRule(tdb, { channelIds: [id] }));
    const got = await r.waitFor(2);
    expect(got[1]!.at - got[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('500 then 200: retried with backoff, sent', async () => {
    const { r, id } = await slack();
    r.enqueue(slackAnswers.serverError(), slackAnswers.serverError());
    const incident = await openIncident(tdb, await addRule(tdb, { channelIds: [id] }));
    expect((await r.waitFor(3)).map((g) => g.status)).toEqual([500, 500, 200]);
    await expect.poll(() => finalStatus(incident)).toEqual(['trigger:sent']);
    const [d] = await deliveriesOf(tdb, incident);
    expect(d!.attemptCount).toBe(3);
  });

  it('500 forever: dead after the attempt limit', async () => {
    const { r, id } = await slack();
    r.enqueue(...Array.from({ length: 10 }, () => slackAnswers.serverError()));
    const incident = await openIncident(tdb, await addRule(tdb, { channelIds: [id] }));
    await expect.poll(() => finalStatus(incident), { timeout: 15_000 }).toEqual(['trigger:dead']);
    expect(r.received).toHaveLength(4);
  });
});

describe('order', () => {
  it('acknowledge and resolve never go out before the firing message, even while it retries', async () => {
    const { r, id } = await slack();
    r.enqueue(slackAnswers.serverError(), slackAnswers.serverError(), slackAnswers.serverError());
    const incident = await openIncident(tdb, await addRule(tdb, { channelIds: [id] }));
    await r.waitFor(1);
    await acknowledgeIncident({ ctx: { db: tdb.db, actor: setup.users.operator }, id: incident });
    await resolveIncident({ ctx: { db: tdb.db, actor: setup.users.operator }, id: incident });
    const got = await r.waitFor(6, 20_000);
    const words = got.map((g) => `${(g.json as { text: string }).text.split(':')[0]}:${g.status}`);
    expect(words).toEqual([
      'Firing:500',
      'Firing:500',
      'Firing:500',
      'Firing:200',
      'Acknowledged:200',
      'Resolved:200',
    ]);
    await expect
      .poll(() => finalStatus(incident))
      .toEqual(['trigger:sent', 'acknowledge:sent', 'resolve:sent']);
  });
});

describe('PagerDuty', () => {
  it('trigger, acknowledge and resolve with the incident dedup_key and valid fields', async () => {
    const id = await addChannel(setup.ctx(), {
      name: 'pd',
      type: 'pagerduty',
      enabled: true,
      config: { routingKey },
    });
    const longTitle = 'x'.repeat(3000);
    const incident = await openIncident(
      tdb,
      await addRule(tdb, { channelIds: [id], severity: 'error' }),
      { zone: 'eu' },
      new Date(),
      longTitle,
    );
    await pd.waitFor(1);
    await acknowledgeIncident({ ctx: { db: tdb.db, actor: setup.users.operator }, id: incident });
    await resolveIncident({ ctx: { db: tdb.db, actor: setup.users.operator }, id: incident });
    const got = await pd.waitFor(3);
    const events = got.map(
      (g) =>
        g.json as {
          event_action: string;
          dedup_key: string;
          payload?: Record<string, unknown>;
          links?: unknown[];
        },
    );
    expect(events.map((e) => e.event_action)).toEqual(['trigger', 'acknowledge', 'resolve']);
    expect(new Set(events.map((e) => e.dedup_key))).toEqual(new Set([`pulseboard-${incident}`]));
    expect(got.map((g) => g.status)).toEqual([202, 202, 202]);
    for (const e of events) expect(validatePagerDutyEvent(e)).toEqual([]);
    const p = events[0]!.payload!;
    expect((p.summary as string).length).toBeLessThanOrEqual(1024);
    expect(p).toMatchObject({
      severity: 'error',
      source: 'zone=eu',
    });
    for (const field of ['component', 'group', 'class']) expect(typeof p[field]).toBe('string');
    expect(events[0]!.links).toContainEqual({
      href: `http://pulseboard.test/incidents/${incident}`,
      text: 'Pulseboard incident',
    });
    await expect
      .poll(() => finalStatus(incident))
      .toEqual(['trigger:sent', 'acknowledge:sent', 'resolve:sent']);
    const [d] = await deliveriesOf(tdb, incident);
    const [attempt] = await tdb.db
      .select()
      .from(deliveryAttempts)
      .where(eq(deliveryAttempts.deliveryId, d!.id));
    expect(JSON.parse(attempt!.responseExcerpt!)).toMatchObject({
      status: 'success',
      dedup_key: `pulseboard-${incident}`,
    });
  });

  it('a 400 invalid event fails at once with the errors recorded', async () => {
    const id = await addChannel(setup.ctx(), {
      name: 'pd-bad',
      type: 'pagerduty',
      enabled: true,
      config: { routingKey },
    });
    pd.enqueue({
      status: 400,
      body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors: ['x'] }),
    });
    const incident = await openIncident(tdb, await addRule(tdb, { channelIds: [id] }));
    await expect.poll(() => finalStatus(incident)).toEqual(['trigger:failed']);
  });
});

describe('other channels', () => {
  it('webhook: versioned JSON body signed per Standard Webhooks; a rotated secret signs beside the new one', async () => {
    const r = await startWebhookReceiver();
    receivers.push(r);
    const { createChannel } = await import('@/core/services/notifications/create-channel');
    const created = await createChannel({
      ctx: setup.ctx(),
      input: { name: 'hook', type: 'webhook', enabled: true, config: { url: `${r.url}/hook` } },
    });
    expect(created.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await openIncident(tdb, await addRule(tdb, { channelIds: [created.id] }));
    const [got] = await r.waitFor(1);
    expect(got!.json).toMatchObject({ version: 1, action: 'trigger', incident: { severity: 'critical' } });
    expect(got!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const hook = new Webhook(created.signingSecret!);
    expect(hook.verify(got!.body, got!.headers)).toMatchObject({
      action: 'trigger',
    });
    expect(() => hook.verify(`${got!.body} `, got!.headers)).toThrow();

    // Rotation: the new secret is set; for a day deliveries carry both signatures.
    const { updateChannel } = await import('@/core/services/notifications/update-channel');
    const rotated = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const view = await updateChannel({
      ctx: setup.ctx(),
      id: created.id,
      input: { config: { signingSecret: rotated } },
    });
    expect(Date.parse(String(view.config.previousSigningSecretUntil))).toBeGreaterThan(
      Date.now() + 23 * 3600_000,
    );
    await openIncident(tdb, await addRule(tdb, { channelIds: [created.id] }));
    const [, second] = await r.waitFor(2);
    const headers = second!.headers;
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(rotated).verify(second!.body, headers)).not.toThrow();
    expect(() => hook.verify(second!.body, headers)).not.toThrow();
    expect(headers['webhook-id']).not.toBe(got!.headers['webhook-id']);
  });

  it('e-mail: text and HTML over SMTP', async () => {
    const id = await addChannel(setup.ctx(), {
      name: 'mail',
      type: 'email',
      enabled: true,
      config: { smtpUrl: smtp.url, from: 'pulseboard@example.com', to: ['oncall@example.com'] },
    });
    const incident = await openIncident(tdb, await addRule(tdb, { channelIds: [id] }));
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['oncall@example.com']);
    expect(mail!.raw).toContain('text/plain');
    expect(mail!.raw).toContain('text/html');
    expect(mail!.raw).toContain('Subject: Firing: [critical]');
    await expect.poll(() => finalStatus(incident)).toEqual(['trigger:sent']);
  });

  it("e-mail refused by the server: a fixed reason in `error`, the server's reply only in the excerpt", async () => {
    const id = await addChannel(setup.ctx(), {
      name: 'mail-refused',
      type: 'email',
      enabled: true,
      config: { smtpUrl: smtp.url, from: 'pulseboard@example.com', to: ['oncall@example.com'] },
    });
    smtp.rejectNext(550, 1, '5.1.1 internal relay mx-int-7.corp.local 10.20.30.40 refused');
    const incident = await openIncident(tdb, await addRule(tdb, { channelIds: [id] }));
    await expect.poll(() => finalStatus(incident)).toEqual(['trigger:failed']);
    const [d] = await deliveriesOf(tdb, incident);
    const [attempt] = await tdb.db
      .select()
      .from(deliveryAttempts)
      .where(eq(deliveryAttempts.deliveryId, d!.id));
    expect(attempt).toMatchObject({ statusCode: 550, error: 'the mail server refused the message (550)' });
    expect(attempt!.responseExcerpt).toContain('mx-int-7.corp.local 10.20.30.40');
    const timeline = await tdb.db
      .select()
      .from(incidentEvents)
      .where(eq(incidentEvents.incidentId, incident));
    expect(JSON.stringify(timeline)).not.toContain('10.20.30.40');
  });
});

describe('private targets', () => {
  it('are refused at config time (IP literals) and at send time (names) unless allowed', async () => {
    const ctx = setup.ctx(setup.users.admin, false);
    await expect(
      addChannel(ctx, {
        name: 'private',
        type: 'slack',
        enabled: true,
        config: { webhookUrl: 'http://127.0.0.1:9/x' },
      }),
    ).rejects.toMatchObject({ status: 400, field: 'config.webhookUrl' });
    // Names are not resolved when saving (the server may resolve only through a proxy): checked when sending.
    await expect(
      addChannel(ctx, {
        name: 'private name',
        type: 'teams',
        enabled: true,
        config: { webhookUrl: 'http://localhost:9/x' },
      }),
    ).resolves.toEqual(expect.any(String));
    // Stored while allowed; a worker that does not allow them refuses at send time without connecting.
    const { r, id } = await slack();
    const strict = startNotifyWorker({
      sql: tdb.sql,
      redisUrl: testRedisUrl,
      prefix: `${prefix}-strict`,
      secretKey: testKey,
      pagerDutyUrl: `${pd.url}/v2/enqueue`,
      allowPrivate: false,
      publicUrl: 'http://x',
      pumpMs: 3_600_000,
      escalateMs: 3_600_000,
      sweepMs: 3_600_000,
    });
    try {
      const { deliver } = await import('./deliver');
      const incident = await openIncident(tdb, await addRule(tdb, { channelIds: [] }));
      const { insertDelivery } = await import('@/core/services/notifications/insert-delivery');
      const row = await insertDelivery(tdb.db, {
        key: `private-${incident}`,
        incidentId: incident,
        incidentEventId: null,
        channelId: id,
        action: 'trigger',
        status: 'queued',
        context: {
          action: 'trigger',
          at: new Date().toISOString(),
          incident: null,
          links: { incident: null, acknowledge: null },
        },
        now: new Date(),
      });
      const redis = new Redis(testRedisUrl);
      const result = await deliver(
        {
          db: tdb.db,
          redis,
          prefix: `${prefix}-strict`,
          secretKey: testKey,
          pagerDutyUrl: pd.url,
          allowPrivate: false,
        },
        row!.id,
      );
      redis.disconnect();
      expect(result).toEqual({ done: true, status: 'failed' });
      const [attempt] = await tdb.db
        .select()
        .from(deliveryAttempts)
        .where(eq(deliveryAttempts.deliveryId, row!.id));
      expect(attempt!.error).toMatch(/private or loopback/);
      expect(r.received).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });
});

describe('a target URL whose user or password is badly percent-encoded', () => {
  it('is refused when saved, with a 400 naming the field', async () => {
    const { parseWith } = await import('@/core/validation');
    const { createChannelInputSchema } = await import('@/core/services/notifications/schemas');
    const { updateChannel } = await import('@/core/services/notifications/update-channel');
    // What the create route answers: its parse error (400 naming the field), or null when accepted.
    const refusal = (type: 'webhook' | 'email', config: Record<string, unknown>): unknown => {
      try {
        parseWith(createChannelInputSchema, { name: 'bad', type, config });
        return null;
      } catch (error) {
        return error;
      }
    };
    expect(refusal('webhook', { url: 'https://u:%zz@203.0.114.9/in' })).toMatchObject({
      status: 400,
      field: 'config.url',
    });
    expect(
      refusal('email', {
        smtpUrl: 'smtp://u:%zz@mail.example.com:587',
        from: 'a@example.com',
        to: ['b@example.com'],
      }),
    ).toMatchObject({ status: 400, field: 'config.smtpUrl' });
    // A literal % is written %25, and that is accepted.
    expect(refusal('webhook', { url: 'https://u:50%25@203.0.114.9/in' })).toBeNull();
    const { id } = await slack();
    await expect(
      updateChannel({
        ctx: setup.ctx(),
        id,
        input: { config: { webhookUrl: 'https://%zz:p@hooks.example.com/x' } },
      }),
    ).rejects.toMatchObject({ status: 400, field: 'config.webhookUrl' });
  });

  it('stored before that check, fails its delivery with an attempt recorded instead of staying `sending`', async () => {
    const { encryptSecrets } = await import('@/lib/notifications/secrets');
    const { insertDelivery } = await import('@/core/services/notifications/insert-delivery');
    const { deliver } = await import('./deliver');
    const r = await startWebhookReceiver();
    receivers.push(r);
    const [channel] = await tdb.db
      .insert(channels)
      .values({
        name: 'stored-bad-userinfo',
        type: 'webhook',
        enabled: true,
        config: {},
        secrets: encryptSecrets(testKey, { url: `http://u:%zz@127.0.0.1:${r.port}/in` }),
      })
      .returning();
    const incident = await openIncident(tdb, await addRule(tdb, { channelIds: [] }));
    const row = await insertDelivery(tdb.db, {
      key: `bad-userinfo-${incident}`,
      incidentId: incident,
      incidentEventId: null,
      channelId: channel!.id,
      action: 'trigger',
      status: 'queued',
      context: {
        action: 'trigger',
        at: new Date().toISOString(),
        incident: null,
        links: { incident: null, acknowledge: null },
      },
      now: new Date(),
    });
    const redis = new Redis(testRedisUrl);
    try {
      const result = await deliver(
        { db: tdb.db, redis, prefix, secretKey: testKey, pagerDutyUrl: pd.url, allowPrivate: true },
        row!.id,
      );
      expect(result).toEqual({ done: true, status: 'failed' });
    } finally {
      redis.disconnect();
    }
    expect(await finalStatus(incident)).toEqual(['trigger:failed']);
    const attempts = await tdb.db
      .select()
      .from(deliveryAttempts)
      .where(eq(deliveryAttempts.deliveryId, row!.id));
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.error).toMatch(/invalid URL credentials|could not send/);
    expect(r.received).toHaveLength(0);
  });
});

describe('secrets', () => {
  it('are encrypted at rest and masked in every response', async () => {
    const url = 'https://hooks.slack.com/services/T000/B000/supersecretpath';
    // Saving resolves no name, so this runs offline too.
    const created = await (
      await import('@/core/services/notifications/create-channel')
    ).createChannel({
      ctx: setup.ctx(),
      input: { name: 'real-slack', type: 'slack', enabled: true, config: { webhookUrl: url } },
    });
    const [raw] = await tdb.sql<
      { secrets: string; config: unknown }[]
    >`select secrets, config from channels where id = ${created.id}`;
    expect(raw!.secrets).not.toContain('supersecret');
    expect(raw!.secrets).not.toContain('hooks.slack.com');
    expect(JSON.stringify(raw!.config)).not.toContain('hooks');
    expect(JSON.stringify(created)).not.toContain('supersecret');
    expect(created.config.webhookUrl).toBe('https://hooks.slack.com/••••');
    const stored = await tdb.db.select().from(channels).where(eq(channels.id, created.id));
    expect(stored[0]!.secrets.startsWith('v1.')).toBe(true);
  });
});
