import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/contracts/roles';
import { sha256 } from '@/core/auth/hashing';
import { closeRuntime } from '@/server/runtime';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { callRoute, type RouteCallOptions, type RouteHandler } from '@/test/route-call';
import type { ChannelView } from '@/contracts/responses/notifications';
import { pumpOutbox } from '@/workers/notify/outbox';
import { addRule, deliveriesOf, openIncident, routingKey, testSecret } from '@/test/helpers/notify-harness';
import { seedUsers } from '@/test/helpers/rules';
import * as deliveriesRoute from '../deliveries/route';
import * as pagerDutyRoute from '../integrations/pagerduty/[channelId]/route';
import * as policiesRoute from '../notification-policies/route';
import * as channelRoute from './[id]/route';
import * as testRoute from './[id]/test/route';
import * as channelsRoute from './route';

let tdb: TestDatabase;
const tokens = {} as Record<Role, string>;
const call = <P extends Record<string, string>>(
  h: { [m: string]: unknown },
  o: RouteCallOptions<P> & { method?: string },
) => callRoute(h[o.method ?? 'GET'] as RouteHandler<P>, tokens, o);

beforeAll(async () => {
  tdb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: tdb.url,
    REDIS_URL: testRedisUrl,
    PULSEBOARD_SECRET: testSecret,
    PULSEBOARD_REDIS_PREFIX: testRedisPrefix(),
    PULSEBOARD_DEMO: 'off',
    PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS: 'on',
    PULSEBOARD_PUBLIC_URL: 'http://pulseboard.test',
  });
  const actors = await seedUsers(tdb);
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    tokens[role] = `pbt_${role}_token_for_notify_tests`;
    await tdb.sql`insert into api_tokens (user_id, name, token_hash, prefix)
      values (${actors[role].userId}, 'test', ${sha256(tokens[role])}, 'pbt_')`;
  }
});
afterAll(async () => {
  await closeRuntime();
  await tdb.drop();
});

describe('channels API', () => {
  it('admins create channels; secrets are masked in every response and encrypted in the row', async () => {
    const url = 'http://127.0.0.1:9/services/T1/B1/verysecrettoken';
    const denied = await call(channelsRoute, {
      method: 'POST',
      role: 'operator',
      body: { name: 's', type: 'slack', config: { webhookUrl: url } },
    });
    expect(denied.status).toBe(403);
    const bad = await call(channelsRoute, {
      method: 'POST',
      role: 'admin',
      body: { name: 's', type: 'slack', config: { webhookUrl: 'ftp://x' } },
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { field: 'config.webhookUrl' } } });
    const created = await call(channelsRoute, {
      method: 'POST',
      role: 'admin',
      body: { name: 's', type: 'slack', config: { webhookUrl: url } },
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('verysecret');
    const id = created.body.id as string;
    const list = await call(channelsRoute, { role: 'viewer' });
    expect(JSON.stringify(list.body)).not.toContain('verysecret');
    expect(list.body.channels).toMatchObject([{ id, config: { webhookUrl: 'http://127.0.0.1:9/••••' } }]);
    const [raw] = await tdb.sql<{ secrets: string }[]>`select secrets from channels where id = ${id}`;
    expect(raw!.secrets).not.toContain('verysecret');
    expect(raw!.secrets).not.toContain('127.0.0.1');
    // PATCH with the masked value (as a form would send back) keeps the stored secret.
    const patched = await call(channelRoute, {
      method: 'PATCH',
      role: 'admin',
      params: { id },
      body: { name: 's2', config: { webhookUrl: 'http://127.0.0.1:9/••••' } },
    });
    expect(patched).toMatchObject({ status: 200, body: { name: 's2' } });
    const test = await call(testRoute, { method: 'POST', role: 'admin', params: { id } });
    expect(test).toMatchObject({
      status: 202,
      body: { delivery: { channelId: id, action: 'test', status: 'queued' } },
    });
    const [stored] = await tdb.sql<
      { context: { action: string } }[]
    >`select context from deliveries where channel_id = ${id}`;
    expect(stored!.context.action).toBe('test');
    const log = await call(deliveriesRoute, { role: 'viewer', path: `deliveries?channelId=${id}` });
    expect(log.status).toBe(200);
    const audit = await tdb.sql<
      { action: string }[]
    >`select action from audit_log where target_id = ${id} order by id`;
    expect(audit.map((a) => a.action)).toEqual(['channel.create', 'channel.update', 'channel.test']);
  });

  it("shows each channel's newest delivery and the answer to its latest attempt", async () => {
    const create = async (name: string) =>
      (
        await call(channelsRoute, {
          method: 'POST',
          role: 'admin',
          body: { name, type: 'slack', config: { webhookUrl: `http://127.0.0.1:9/services/T/B/${name}` } },
        })
      ).body.id as string;
    const broken = await create('broken');
    await create('quiet');
    // What the notify worker leaves: an older test that was sent, then a trigger that failed for good.
    const deliver = async (key: string, action: string, status: string, age: string) => {
      const [d] = await tdb.sql<{ id: string }[]>`
        insert into deliveries (idempotency_key, channel_id, action, status, created_at, updated_at)
        values (${key}, ${broken}, ${action}, ${status}, now() - ${age}::interval, now() - ${age}::interval)
        returning id`;
      return d!.id;
    };
    const sent = await deliver('last-1', 'test', 'sent', '2 hours');
    await tdb.sql`insert into delivery_attempts (delivery_id, status_code, duration_ms) values (${sent}, 200, 5)`;
    const failed = await deliver('last-2', 'trigger', 'failed', '5 minutes');
    await tdb.sql`insert into delivery_attempts (delivery_id, status_code, error, duration_ms)
      values (${failed}, 500, 'HTTP 500', 5)`;
    await tdb.sql`insert into delivery_attempts (delivery_id, status_code, response_excerpt, error, duration_ms)
      values (${failed}, 404, 'no_service', 'HTTP 404', 5)`;

    const list = await call(channelsRoute, { role: 'admin' });
    const byName = new Map((list.body.channels as ChannelView[]).map((c) => [c.name, c]));
    expect(byName.get('broken')?.lastDelivery).toMatchObject({
      action: 'trigger',
      status: 'failed',
      statusCode: 404,
      responseExcerpt: 'no_service',
      error: 'HTTP 404',
    });
    // Viewers see the status, not the target's words (as in the delivery log).
    const asViewer = await call(channelsRoute, { role: 'viewer' });
    expect(
      (asViewer.body.channels as ChannelView[]).find((c) => c.name === 'broken')?.lastDelivery,
    ).toMatchObject({ statusCode: 404, responseExcerpt: null });
    expect(Date.now() - Date.parse(byName.get('broken')!.lastDelivery!.at)).toBeGreaterThan(4 * 60_000);
    expect(byName.get('quiet')?.lastDelivery).toBeNull();
    const one = await call(channelRoute, { role: 'admin', params: { id: broken } });
    expect(one.body.lastDelivery).toEqual(byName.get('broken')?.lastDelivery);
    // An edit answers it too, so the list does not lose it until the next read.
    const patched = await call(channelRoute, {
      method: 'PATCH',
      role: 'admin',
      params: { id: broken },
      body: { name: 'broken, renamed' },
    });
    expect(patched.body.lastDelivery).toEqual(byName.get('broken')?.lastDelivery);
  });

  it('a PATCH that changes nothing answers the channel as it is and writes nothing', async () => {
    const url = 'https://hooks.example.com/unchanged/secret-path';
    const created = await call(channelsRoute, {
      method: 'POST',
      role: 'admin',
      body: { name: 'same', type: 'webhook', config: { url, signingSecret: 'whsec_same-secret-1' } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const row = () =>
      tdb.sql<{ updatedAt: Date; secrets: string }[]>`
        select updated_at as "updatedAt", secrets from channels where id = ${id}`;
    const [stored] = await row();
    const before = await call(channelRoute, { role: 'admin', params: { id } });
    const masked = before.body.config as Record<string, unknown>;
    for (const body of [
      {},
      { name: 'same', enabled: true },
      { config: masked },
      { config: { url, signingSecret: 'whsec_same-secret-1' } },
    ]) {
      const patched = await call(channelRoute, { method: 'PATCH', role: 'admin', params: { id }, body });
      expect(patched).toEqual({ status: 200, body: before.body });
    }
    expect(await row()).toEqual([stored]);
    const audit = await tdb.sql<{ action: string }[]>`select action from audit_log where target_id = ${id}`;
    expect(audit.map((a) => a.action)).toEqual(['channel.create']);
  });

  it('names a bad config field of a PATCH as config.<key>', async () => {
    const created = await call(channelsRoute, {
      method: 'POST',
      role: 'admin',
      body: { name: 'hook', type: 'webhook', config: { url: 'https://hooks.example.com/x' } },
    });
    const id = created.body.id as string;
    const patch = (config: Record<string, unknown>) =>
      call(channelRoute, { method: 'PATCH', role: 'admin', params: { id }, body: { config } });
    expect(await patch({ url: 5 })).toMatchObject({
      status: 400,
      body: { error: { field: 'config.url', message: 'url must be an http(s) URL' } },
    });
    const bogus = await patch({ bogus: 'x' });
    expect(bogus).toMatchObject({ status: 400, body: { error: { field: 'config.bogus' } } });
    expect(JSON.stringify(bogus.body)).toMatch(/Unrecognized key: \\"bogus\\"/);
    expect(await patch({ signingSecret: 'short' })).toMatchObject({
      status: 400,
      body: { error: { field: 'config.signingSecret' } },
    });
  });

  it('policies name existing channels only', async () => {
    const bad = await call(policiesRoute, {
      method: 'POST',
      role: 'admin',
      body: { name: 'p', steps: [{ afterMinutes: 0, channelIds: ['00000000-0000-4000-8000-000000000000'] }] },
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { field: 'steps' } } });
    expect(
      (
        await call(policiesRoute, {
          method: 'POST',
          role: 'viewer',
          body: {
            name: 'p',
            steps: [{ afterMinutes: 0, channelIds: ['00000000-0000-4000-8000-000000000000'] }],
          },
        })
      ).status,
    ).toBe(403);
  });
});

describe('PagerDuty inbound', () => {
  it('verifies the signature and acknowledges without echoing to the same channel', async () => {
    const webhookSecret = 'pd-webhook-secret-123456';
    const pd = await call(channelsRoute, {
      method: 'POST',
      role: 'admin',
      body: { name: 'pd', type: 'pagerduty', config: { routingKey, webhookSecret } },
    });
    const slack = await call(channelsRoute, {
      method: 'POST',
      role: 'admin',
      body: { name: 'sl', type: 'slack', config: { webhookUrl: 'http://127.0.0.1:9/x' } },
    });
    expect(JSON.stringify(pd.body)).not.toContain(webhookSecret);
    const pdId = pd.body.id as string;
    const incident = await openIncident(
      tdb,
      await addRule(tdb, { channelIds: [pdId, slack.body.id as string] }),
    );
    await pumpOutbox({ db: tdb.db, publicUrl: 'http://x' });
    const body = JSON.stringify({
      event: {
        id: '01ABC',
        event_type: 'incident.acknowledged',
        resource_type: 'incident',
        occurred_at: new Date().toISOString(),
        agent: { summary: 'Jane Oncall' },
        data: { id: 'PXYZ', type: 'incident', incident_key: `pulseboard-${incident}` },
      },
    });
    const sign = (s: string) => `v1=${createHmac('sha256', s).update(body).digest('hex')}`;
    const post = (signature: string) =>
      pagerDutyRoute.POST(
        new Request(`http://127.0.0.1/api/v1/integrations/pagerduty/${pdId}`, {
          method: 'POST',
          headers: { 'x-pagerduty-signature': signature },
          body,
        }),
        { params: Promise.resolve({ channelId: pdId }) },
      );
    expect((await post(sign('wrong-secret-000000'))).status).toBe(401);
    const [still] = await tdb.sql<{ status: string }[]>`select status from incidents where id = ${incident}`;
    expect(still!.status).toBe('triggered');
    const ok = await post(`v1=deadbeef,${sign(webhookSecret)}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ handled: 'acknowledged', incidentId: incident });
    const [now] = await tdb.sql<{ status: string }[]>`select status from incidents where id = ${incident}`;
    expect(now!.status).toBe('acknowledged');
    await pumpOutbox({ db: tdb.db, publicUrl: 'http://x' });
    const rows = await deliveriesOf(tdb, incident);
    expect(rows.map((r) => [r.action, r.channelId])).toEqual([
      ['trigger', pdId],
      ['trigger', slack.body.id],
      ['acknowledge', slack.body.id],
    ]);
    // PagerDuty's retry of the same webhook changes nothing: its event id was received already.
    const retry = await post(sign(webhookSecret));
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ handled: 'replay', incidentId: null });
  });
});
