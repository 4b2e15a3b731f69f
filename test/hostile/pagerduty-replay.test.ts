import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as channelsRoute from '@/app/api/v1/channels/route';
import * as pagerDutyRoute from '@/app/api/v1/integrations/pagerduty/[channelId]/route';
import { addRule, openIncident } from '@/test/helpers/notify-harness';
import { createWorld, send, type HostileWorld } from './fixture';

/**
 * Issue 16, point 5: PagerDuty signs only the body of a V3 webhook, so a captured one stays valid; its
 * time and event id must keep it from being applied a second time.
 */

let world: HostileWorld;

beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe('PagerDuty webhooks cannot be replayed', () => {
  const webhookSecret = 'exposure-webhook-secret';
  let channelId = '';

  beforeAll(async () => {
    const created = await send(
      channelsRoute.POST,
      { cookie: await world.adminCookie() },
      {
        method: 'POST',
        path: 'channels',
        body: {
          json: {
            name: 'pd replay',
            type: 'pagerduty',
            config: { routingKey: 'R'.repeat(32), webhookSecret },
          },
        },
      },
    );
    expect(created.status, created.text).toBe(201);
    channelId = String(created.body.id);
  });

  function webhook(eventId: string, eventType: string, incidentId: string, occurredAt: Date): string {
    return JSON.stringify({
      event: {
        id: eventId,
        event_type: eventType,
        resource_type: 'incident',
        occurred_at: occurredAt.toISOString(),
        agent: { summary: 'Jane Oncall' },
        data: { id: 'PXYZ', type: 'incident', incident_key: `pulseboard-${incidentId}` },
      },
    });
  }
  /** Delivers exactly these bytes with their valid signature, as PagerDuty (or whoever captured it) would. */
  async function deliver(body: string) {
    const signature = `v1=${createHmac('sha256', webhookSecret).update(body).digest('hex')}`;
    const response = await pagerDutyRoute.POST(
      new Request(`http://127.0.0.1/api/v1/integrations/pagerduty/${channelId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pagerduty-signature': signature },
        body,
      }),
      { params: Promise.resolve({ channelId }) },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  async function state(incidentId: string) {
    const [row] = await world.tdb.sql<{ status: string }[]>`
      select status from incidents where id = ${incidentId}`;
    const [{ n } = { n: 0 }] = await world.tdb.sql<{ n: number }[]>`
      select count(*)::int as n from incident_events where incident_id = ${incidentId} and kind = 'resolved'`;
    return { status: row?.status, resolvedEntries: n };
  }

  it('the same signed event sent again changes nothing, even once the incident has reopened', async () => {
    const incident = await openIncident(world.tdb, await addRule(world.tdb, { channelIds: [channelId] }));
    const captured = webhook('Q1REPLAYRESOLVE', 'incident.resolved', incident, new Date());
    expect(await deliver(captured)).toEqual({
      status: 200,
      body: { handled: 'resolved', incidentId: incident },
    });
    expect(await state(incident)).toEqual({ status: 'resolved', resolvedEntries: 1 });
    // The rule breaches again and the engine reopens the incident (workers/rules/incident-writes.ts).
    await world.tdb.sql`update incidents set status = 'triggered', resolved_at = null, resolved_by = null
      where id = ${incident}`;
    // Whoever captured the webhook sends it again: it must not resolve the live incident.
    const replay = await deliver(captured);
    expect(replay).toEqual({ status: 200, body: { handled: 'replay', incidentId: null } });
    expect(await state(incident)).toEqual({ status: 'triggered', resolvedEntries: 1 });
  });

  it('an event more than an hour old, or from the future, is refused before it is applied', async () => {
    const incident = await openIncident(world.tdb, await addRule(world.tdb, { channelIds: [channelId] }));
    for (const [id, at] of [
      ['Q1STALE', new Date(Date.now() - 61 * 60_000)],
      ['Q1AHEAD', new Date(Date.now() + 10 * 60_000)],
    ] as const) {
      const answer = await deliver(webhook(id, 'incident.resolved', incident, at));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { field: 'event.occurred_at' } });
    }
    const missing = await deliver(
      JSON.stringify({
        event: {
          id: 'Q1NOTIME',
          event_type: 'incident.resolved',
          data: { incident_key: `pulseboard-${incident}` },
        },
      }),
    );
    expect(missing.status).toBe(400);
    expect(await state(incident)).toEqual({ status: 'triggered', resolvedEntries: 0 });
    // Within the window it applies: the refusals above were about time, not the event.
    const fresh = await deliver(
      webhook('Q1FRESH', 'incident.resolved', incident, new Date(Date.now() - 50 * 60_000)),
    );
    expect(fresh.body).toEqual({ handled: 'resolved', incidentId: incident });
  });
});
