import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/contracts/roles';
import type { Actor } from '@/core/auth/context';
import { getIncidentDetail } from '@/core/queries/incidents/get-incident';
import { getRule } from '@/core/queries/rules/get-rule';
import { resolveIncident } from '@/core/services/incidents/resolve-incident';
import { createMaintenanceWindow } from '@/core/services/maintenance-windows/create-maintenance-window';
import { createMaintenanceWindowInputSchema } from '@/core/services/maintenance-windows/schemas';
import { createSilence } from '@/core/services/silences/create-silence';
import { createSilenceInputSchema } from '@/core/services/silences/schemas';
import { createRule } from '@/core/services/rules/create-rule';
import { createRuleInputSchema } from '@/core/services/rules/schemas';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { rollUp } from '@/workers/rollup';
import { evaluateChangedRules } from './evaluate-changed-rules';
import { burst, engine, ingest, seedMetrics, seedUsers } from '@/test/helpers/rules';

let tdb: TestDatabase;
let actors: Record<Role, Actor>;
const T0 = Date.parse('2030-06-03T10:00:00Z');
const s = (seconds: number) => T0 + seconds * 1000;

beforeAll(async () => {
  tdb = await createTestDatabase();
  actors = await seedUsers(tdb);
  await seedMetrics(tdb, [
    { name: 'checkout_errors', eventTypes: ['checkout_error'] },
    { name: 'api_errors', eventTypes: ['api_error'], dimensions: ['endpoint'] },
    { name: 'flappy', eventTypes: ['flappy'] },
    { name: 'orders', eventTypes: ['order'] },
    { name: 'latency', eventTypes: ['request'], aggregation: 'avg', valueField: 'value' },
    { name: 'probes', eventTypes: ['probe'] },
    { name: 'visits', eventTypes: ['visit'] },
    { name: 'api_requests', eventTypes: ['api_request'], dimensions: ['endpoint'] },
    { name: 'declines', eventTypes: ['decline'], dimensions: ['zone'] },
    { name: 'slow_checkouts', eventTypes: ['checkout'], aggregation: 'avg', valueField: 'value' },
  ]);
  await tdb.sql`insert into metrics (name, ratio_of) values
    ('error_rate', '{"numerator":"api_errors","denominator":"api_requests","scale":100}')`;
});
afterAll(async () => {
  await tdb.drop();
});
// Every tick evaluates every enabled rule: each test's rules stop when it ends.
afterEach(async () => {
  await tdb.sql`update rules set enabled = false`;
});

const rule = (raw: Record<string, unknown>) =>
  createRule({ ctx: { db: tdb.db, actor: actors.admin }, input: createRuleInputSchema.parse(raw) });

const incidentsOf = (ruleId: string) =>
  tdb.sql<
    {
      id: string;
      status: string;
      reopened_count: number;
      series: Record<string, string>;
      flapping: boolean;
    }[]
  >`
    select id, status, reopened_count, series, flapping from incidents where rule_id = ${ruleId} order by opened_at`;

const timelineKinds = async (incidentId: string) =>
  (await getIncidentDetail(tdb.db, incidentId))?.timeline.map((e) => e.kind);

describe('threshold rules', () => {
  it('waits out the pending period, holds until the clear value, resolves, and reopens a quick re-fire', async () => {
    const r = await rule({
      name: 'Checkout errors',
      kind: 'threshold',
      metric: 'checkout_errors',
      window: '1m',
      pendingSeconds: 30,
      params: { op: '>', value: 10, clearValue: 5 },
    });
    const { tick, published } = engine(tdb);
    await ingest(tdb, burst('checkout_error', s(0), 20));

    await tick(s(20));
    expect((await getRule(tdb.db, r.id))?.series).toMatchObject([{ state: 'pending', lastValue: 20 }]);
    await tick(s(35));
    expect(await incidentsOf(r.id)).toEqual([]);
    await tick(s(50));
    const [opened] = await incidentsOf(r.id);
    expect(opened).toMatchObject({ status: 'triggered', reopened_count: 0 });
    expect(await timelineKinds(opened!.id)).toEqual(['pending', 'opened']);
    expect(published.at(-1)).toMatchObject({ id: opened!.id, status: 'triggered', value: 20, threshold: 10 });

    // 10 events left in the window: no longer above 10, but not yet at or below the clear value 5.
    await tick(s(70));
    expect((await getRule(tdb.db, r.id))?.series).toMatchObject([{ state: 'firing', lastValue: 10 }]);
    expect((await incidentsOf(r.id))[0]?.status).toBe('triggered');
    await tick(s(76));
    expect((await incidentsOf(r.id))[0]?.status).toBe('resolved');
    expect(published.at(-1)).toMatchObject({ id: opened!.id, status: 'resolved', resolvedBy: 'auto' });
    // The row stays while its firing counts towards flap detection.
    expect((await getRule(tdb.db, r.id))?.series).toMatchObject([{ state: 'ok', lastValue: 4 }]);

    await ingest(tdb, burst('checkout_error', s(120), 20));
    await tick(s(140));
    await tick(s(170));
    const again = await incidentsOf(r.id);
    expect(again).toMatchObject([{ id: opened!.id, status: 'triggered', reopened_count: 1 }]);
    expect(await timelineKinds(opened!.id)).toEqual(['pending', 'opened', 'resolved', 'pending', 'reopened']);
    const transitions = await tdb.sql<{ from_state: string; to_state: string }[]>`
      select from_state, to_state from rule_transitions where rule_id = ${r.id} order by at, id`;
    expect(transitions.map((t) => `${t.from_state}>${t.to_state}`)).toEqual([
      'ok>pending',
      'pending>firing',
      'firing>ok',
      'ok>pending',
      'pending>firing',
    ]);
  });

  it('cancels a pending breach that ends before the pending period', async () => {
    const r = await rule({
      name: 'Short spike',
      kind: 'threshold',
      metric: 'orders',
      window: '1m',
      pendingSeconds: 60,
      params: { op: '>=', value: 5 },
    });
    const { tick } = engine(tdb);
    await ingest(tdb, burst('order', s(1000), 5));
    await tick(s(1010));
    expect((await getRule(tdb.db, r.id))?.series).toMatchObject([{ state: 'pending' }]);
    await tick(s(1070));
    expect((await getRule(tdb.db, r.id))?.series).toEqual([]);
    expect(await incidentsOf(r.id)).toEqual([]);
  });

  it('opens one incident per series of a grouped rule, and resolves each on its own', async () => {
    const r = await rule({
      name: 'API errors',
      kind: 'threshold',
      metric: 'api_errors',
      groupBy: ['endpoint'],
      window: '1m',
      params: { op: '>', value: 3 },
    });
    const { tick } = engine(tdb);
    await ingest(tdb, [
      ...burst('api_error', s(2000), 5, { props: { endpoint: '/a' } }),
      ...burst('api_error', s(2000), 1, { props: { endpoint: '/b' } }),
      ...burst('api_error', s(2000), 4, { props: { endpoint: '/c' } }),
    ]);
    await tick(s(2010));
    await tick(s(2011));
    const open = await incidentsOf(r.id);
    expect(open.map((i) => [i.series, i.status])).toEqual(
      expect.arrayContaining([
        [{ endpoint: '/a' }, 'triggered'],
        [{ endpoint: '/c' }, 'triggered'],
      ]),
    );
    expect(open).toHaveLength(2);
    // /c keeps erring, /a goes quiet.
    await ingest(tdb, burst('api_error', s(2050), 4, { props: { endpoint: '/c' } }));
    await tick(s(2070));
    const after = await incidentsOf(r.id);
    expect(Object.fromEntries(after.map((i) => [i.series.endpoint, i.status]))).toEqual({
      '/a': 'resolved',
      '/c': 'triggered',
    });
  });
});

describe('series lifecycle', () => {
  it('marks a series that fires and clears repeatedly as flapping once, then resolves when it settles', async () => {
    const r = await rule({
      name: 'Flappy',
      kind: 'threshold',
      metric: 'flappy',
      window: '1m',
      params: { op: '>', value: 2 },
    });
    const { tick, published } = engine(tdb);
    const base = s(3000);
    for (let k = 0; k < 4; k++) {
      const at = base + k * 120_000;
      await ingest(tdb, burst('flappy', at, 5));
      await tick(at + 10_000);
      await tick(at + 70_000);
    }
    const [incident, ...others] = await incidentsOf(r.id);
    expect(others).toEqual([]);
    expect(incident).toMatchObject({ status: 'triggered', reopened_count: 2, flapping: true });
    const framesWhileFlapping = published.length;
    // The fourth cycle happened inside the flapping state: no frames, no timeline entries for it.
    expect(await timelineKinds(incident!.id)).toEqual([
      'opened',
      'resolved',
      'reopened',
      'resolved',
      'flapping',
    ]);
    expect((await getRule(tdb.db, r.id))?.series).toMatchObject([{ state: 'flapping' }]);

    const lastFire = base + 3 * 120_000 + 10_000;
    await tick(lastFire + 899_000);
    expect((await incidentsOf(r.id))[0]?.status).toBe('triggered');
    await tick(lastFire + 900_000);
    expect(await incidentsOf(r.id)).toMatchObject([{ status: 'resolved', flapping: false }]);
    expect(await timelineKinds(incident!.id)).toEqual([
      'opened',
      'resolved',
      'reopened',
      'resolved',
      'flapping',
      'resolved',
    ]);
    expect(published.length).toBe(framesWhileFlapping + 1);
  });

  it('without auto-resolve notes the clear, and a manual resolve holds until the series fires anew', async () => {
    const r = await rule({
      name: 'Orders surge',
      kind: 'threshold',
      metric: 'orders',
      window: '1m',
      autoResolve: false,
      params: { op: '>', value: 3 },
    });
    const { tick } = engine(tdb);
    await ingest(tdb, burst('order', s(4000), 5));
    await tick(s(4010));
    await tick(s(4070));
    const [incident] = await incidentsOf(r.id);
    expect(incident?.status).toBe('triggered');
    await ingest(tdb, burst('order', s(4100), 5));
    await tick(s(4110));
    expect(await timelineKinds(incident!.id)).toEqual(['opened', 'cleared', 'firing']);

    await resolveIncident({ ctx: { db: tdb.db, actor: actors.operator }, id: incident!.id });
    // The person resolved it on the wall clock; the engine runs on the test clock.
    await tdb.sql`update incidents set resolved_at = ${new Date(s(4112)).toISOString()} where id = ${incident!.id}`;
    await tick(s(4115));
    expect(await incidentsOf(r.id)).toMatchObject([{ status: 'resolved' }]);
    // Clears, then fires again soon after the manual resolve: the same incident reopens.
    await tick(s(4170));
    await ingest(tdb, burst('order', s(4180), 5));
    await tick(s(4190));
    expect(await incidentsOf(r.id)).toMatchObject([
      { id: incident!.id, status: 'triggered', reopened_count: 1 },
    ]);
  });

  it('clears a firing average when its events stop (no value is no breach)', async () => {
    const r = await rule({
      name: 'Slow requests',
      kind: 'threshold',
      metric: 'latency',
      window: '1m',
      params: { op: '>', value: 500 },
    });
    const { tick } = engine(tdb);
    await ingest(tdb, burst('request', s(5000), 3, { value: 800 }));
    await tick(s(5005));
    expect(await incidentsOf(r.id)).toMatchObject([{ status: 'triggered' }]);
    await tick(s(5070));
    expect(await incidentsOf(r.id)).toMatchObject([{ status: 'resolved' }]);
  });

  it('opens a single incident when two workers evaluate the same instant', async () => {
    const r = await rule({
      name: 'Concurrent',
      kind: 'threshold',
      metric: 'orders',
      window: '1m',
      params: { op: '>', value: 3 },
    });
    const a = engine(tdb);
    const b = engine(tdb);
    await ingest(tdb, burst('order', s(6000), 5));
    const results = await Promise.all([a.tick(s(6010)), b.tick(s(6010)), a.tick(s(6010))]);
    expect(await incidentsOf(r.id)).toHaveLength(1);
    expect(results.reduce((n, x) => n + x.transitions, 0)).toBe(1);
  });
});

describe('other kinds', () => {
  it('rate of change: fires on a rise against the previous window and against the same time yesterday', async () => {
    const prev = await rule({
      name: 'Orders doubled',
      kind: 'rate_of_change',
      metric: 'orders',
      window: '5m',
      params: { compare: 'previous_window', op: '>', percent: 100 },
    });
    const daily = await rule({
      name: 'Orders vs yesterday',
      kind: 'rate_of_change',
      metric: 'orders',
      window: '5m',
      params: { compare: 'same_time_yesterday', op: '>=', percent: 50, clearPercent: 20 },
    });
    const { tick } = engine(tdb);
    const t = s(10_000);
    await ingest(tdb, [
      ...burst('order', t - 600_000, 10, { everyMs: 20_000 }),
      ...burst('order', t - 300_000, 30, { everyMs: 5_000 }),
      ...burst('order', t - 86_400_000 - 300_000, 20, { everyMs: 10_000 }),
    ]);
    await tick(t);
    expect(await incidentsOf(prev.id)).toHaveLength(1);
    expect((await getRule(tdb.db, prev.id))?.series).toMatchObject([{ state: 'firing', lastValue: 200 }]);
    expect(await incidentsOf(daily.id)).toHaveLength(1);
    expect((await getRule(tdb.db, daily.id))?.series).toMatchObject([{ lastValue: 50 }]);
  });

  it('a derived ratio: the error rate per endpoint, from its two metrics', async () => {
    const r = await rule({
      name: 'Error rate',
      kind: 'threshold',
      metric: 'error_rate',
      groupBy: ['endpoint'],
      window: '1m',
      params: { op: '>', value: 20 },
    });
    const { tick } = engine(tdb);
    const t = s(14_000);
    await ingest(tdb, [
      ...burst('api_request', t, 10, { props: { endpoint: '/x' } }),
      ...burst('api_error', t, 3, { props: { endpoint: '/x' } }),
      ...burst('api_request', t, 10, { props: { endpoint: '/y' } }),
      ...burst('api_error', t, 1, { props: { endpoint: '/y' } }),
    ]);
    await tick(t + 15_000);
    expect((await incidentsOf(r.id)).map((i) => i.series)).toEqual([{ endpoint: '/x' }]);
    expect((await getIncidentDetail(tdb.db, (await incidentsOf(r.id))[0]!.id))?.value).toBe(30);
  });

  it('a ratio with minCount: one early failure of a quiet endpoint is not judged, a busy endpoint is', async () => {
    const r = await rule({
      name: 'Error rate, enough requests',
      kind: 'threshold',
      metric: 'error_rate',
      groupBy: ['endpoint'],
      window: '1m',
      params: { op: '>', value: 8, minCount: 20 },
    });
    const { tick } = engine(tdb);
    const t = s(16_000);
    await ingest(tdb, [
      // 1 of 3: 33%, but on three requests.
      ...burst('api_request', t, 3, { props: { endpoint: '/quiet' }, everyMs: 100 }),
      ...burst('api_error', t, 1, { props: { endpoint: '/quiet' }, everyMs: 100 }),
      // 6 of 40: 15% on forty.
      ...burst('api_request', t, 40, { props: { endpoint: '/busy' }, everyMs: 100 }),
      ...burst('api_error', t, 6, { props: { endpoint: '/busy' }, everyMs: 100 }),
    ]);
    await tick(t + 15_000);
    expect((await incidentsOf(r.id)).map((i) => i.series)).toEqual([{ endpoint: '/busy' }]);
  });

  it('no data: misses a series that goes quiet, and recovers when it reports again', async () => {
    const r = await rule({
      name: 'Heartbeats',
      kind: 'no_data',
      metric: 'events',
      groupBy: ['source'],
      params: { eventType: 'heartbeat', for: 60 },
    });
    const lonely = await rule({
      name: 'Never seen',
      kind: 'no_data',
      metric: 'events',
      params: { eventType: 'never_sent', for: 30 },
    });
    const { tick } = engine(tdb);
    const h = s(12_000);
    await ingest(tdb, [
      ...burst('heartbeat', h, 12, { source: 'east', everyMs: 10_000 }),
      ...burst('heartbeat', h, 12, { source: 'west', everyMs: 10_000 }),
      ...burst('heartbeat', h + 120_000, 12, { source: 'east', everyMs: 10_000 }),
    ]);
    await rollUp(tdb.sql, { windowMs: 600_000, now: h + 240_000 });
    await tick(h + 150_000);
    expect(await incidentsOf(r.id)).toEqual([]);
    await tick(h + 200_000);
    expect((await incidentsOf(r.id)).map((i) => [i.series, i.status])).toEqual([
      [{ source: 'west' }, 'triggered'],
    ]);
    expect(await incidentsOf(lonely.id)).toMatchObject([{ series: {}, status: 'triggered' }]);
    await ingest(tdb, burst('heartbeat', h + 205_000, 1, { source: 'west' }));
    await tick(h + 210_000);
    expect((await incidentsOf(r.id)).map((i) => i.status)).toEqual(['resolved']);
  });
});

describe('silences and maintenance windows', () => {
  it('a silence keeps a matching series from opening an incident, records it, and lets it open afterwards', async () => {
    const r = await rule({
      name: 'Payment API errors',
      kind: 'threshold',
      metric: 'api_errors',
      groupBy: ['endpoint'],
      window: '1m',
      labels: { team: 'payments' },
      params: { op: '>', value: 3 },
    });
    const start = s(20_000);
    await createSilence({
      ctx: { db: tdb.db, actor: actors.operator },
      input: createSilenceInputSchema.parse({
        matchers: { labels: { team: 'payments' }, series: { endpoint: '/pay' } },
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 300_000).toISOString(),
        comment: 'PSP migration',
      }),
    });
    const { tick } = engine(tdb);
    await ingest(tdb, [
      ...burst('api_error', start, 5, { props: { endpoint: '/pay' } }),
      ...burst('api_error', start, 5, { props: { endpoint: '/cart' } }),
    ]);
    await tick(start + 10_000);
    expect((await incidentsOf(r.id)).map((i) => i.series)).toEqual([{ endpoint: '/cart' }]);
    const [suppressed] = await tdb.sql<{ labels: Record<string, string>; suppressed_by: unknown }[]>`
      select labels, suppressed_by from rule_transitions
      where rule_id = ${r.id} and suppressed_by is not null`;
    expect(suppressed).toMatchObject({
      labels: { endpoint: '/pay' },
      suppressed_by: { type: 'silence', name: 'PSP migration' },
    });
    expect((await getRule(tdb.db, r.id))?.series).toMatchObject([
      { series: { endpoint: '/cart' }, state: 'firing', suppressedBy: null },
      { series: { endpoint: '/pay' }, state: 'firing', suppressedBy: { type: 'silence' } },
    ]);

    // Still failing when the silence ends: the incident opens then.
    await ingest(tdb, burst('api_error', start + 300_000, 5, { props: { endpoint: '/pay' } }));
    await tick(start + 310_000);
    expect((await incidentsOf(r.id)).map((i) => i.series)).toEqual(
      expect.arrayContaining([{ endpoint: '/cart' }, { endpoint: '/pay' }]),
    );
  });

  it('a weekly window in Europe/Berlin covers its real duration across the change to summer time', async () => {
    const r = await rule({
      name: 'Probe failures',
      kind: 'threshold',
      metric: 'probes',
      window: '1m',
      params: { op: '>', value: 3 },
    });
    // Sundays 01:00 local for 3 h. On 2030-03-31 clocks jump from 02:00 to 03:00: 00:00Z to 03:00Z.
    await createMaintenanceWindow({
      ctx: { db: tdb.db, actor: actors.admin },
      input: createMaintenanceWindowInputSchema.parse({
        name: 'Sunday patching',
        timeZone: 'Europe/Berlin',
        recurrence: { days: ['sun'], start: '01:00', durationMinutes: 180 },
        matchers: { ruleId: r.id },
      }),
    });
    const { tick } = engine(tdb);
    const at = (iso: string) => Date.parse(`2030-03-31T${iso}Z`);
    await ingest(tdb, burst('probe', at('02:29:30'), 5));
    // 04:30 local summer time, still inside the 3 hours (a wall-clock end at 04:00 would have ended at 02:00Z).
    await tick(at('02:30:00'));
    expect(await incidentsOf(r.id)).toEqual([]);
    const [row] = await tdb.sql<{ suppressed_by: { type: string; name: string } }[]>`
      select suppressed_by from rule_series_state where rule_id = ${r.id}`;
    expect(row?.suppressed_by).toMatchObject({ type: 'maintenance_window', name: 'Sunday patching' });
    await ingest(tdb, burst('probe', at('03:00:00'), 5));
    await tick(at('03:00:30'));
    expect(await incidentsOf(r.id)).toMatchObject([{ status: 'triggered' }]);
  });
});

describe('anomaly rules', () => {
  /** A week of history in the 1-minute rollups: about 11 visits a minute around this time of day. */
  async function seedHistory(now: number, metric: string) {
    for (let day = 1; day <= 7; day++) {
      for (let minute = -25; minute < 20; minute++) {
        const bucket = now - day * 86_400_000 + minute * 60_000;
        const count = 10 + ((day + minute + 100) % 3);
        await tdb.sql`insert into metric_rollups_1m (metric, group_key, dims, bucket, count, sum)
          values (${metric}, '{}', '{}', ${new Date(bucket).toISOString()}, ${count}, 0)`;
      }
    }
  }

  it('fires on a window far outside the seasonal baseline and stays quiet on a normal one', async () => {
    const r = await rule({
      name: 'Visits anomaly',
      kind: 'anomaly',
      metric: 'visits',
      window: '5m',
      params: { sensitivity: 'medium', seasonality: 'daily', lookback: 7 },
    });
    const { tick } = engine(tdb);
    const now = Date.parse('2030-07-10T12:00:00Z');
    await seedHistory(now, 'visits');
    await ingest(tdb, burst('visit', now - 300_000, 55, { everyMs: 5_000 }));
    await tick(now);
    expect(await incidentsOf(r.id)).toEqual([]);

    const later = now + 600_000;
    await ingest(tdb, burst('visit', later - 300_000, 200, { everyMs: 1_000 }));
    await tick(later);
    const [incident] = await incidentsOf(r.id);
    expect(incident?.status).toBe('triggered');
    const detail = await getIncidentDetail(tdb.db, incident!.id);
    expect(detail?.value).toBe(200);
    expect(detail?.timeline[0]?.data).toMatchObject({ median: 55, samples: 35 });
  });

  it('does not judge a metric without enough history', async () => {
    const r = await rule({
      name: 'New metric anomaly',
      kind: 'anomaly',
      metric: 'probes',
      window: '5m',
      params: { sensitivity: 'high' },
    });
    const { tick } = engine(tdb);
    const now = Date.parse('2030-08-01T12:00:00Z');
    await ingest(tdb, burst('probe', now - 300_000, 250, { everyMs: 1_000 }));
    await tick(now);
    expect(await incidentsOf(r.id)).toEqual([]);
    expect((await getRule(tdb.db, r.id))?.series).toEqual([]);
  });
});

describe('evaluation right after a flush', () => {
  const afterFlush = (metrics: string[], now: number) =>
    evaluateChangedRules({
      db: tdb.db,
      metrics,
      now,
      onError: (ruleId, error) => {
        throw new Error(`rule ${ruleId} failed: ${String(error)}`);
      },
    });
  const T = s(20_000);

  it('fires a count breach before its second ends; a tick still in that second leaves it firing', async () => {
    const r = await rule({
      name: 'Declines',
      kind: 'threshold',
      metric: 'declines',
      groupBy: ['zone'],
      window: '1m',
      params: { op: '>', value: 4 },
    });
    const { tick } = engine(tdb);
    const zones = async (): Promise<Record<string, string>> =>
      Object.fromEntries((await incidentsOf(r.id)).map((i) => [i.series.zone ?? '', i.status]));
    // West fired a minute ago; its burst leaves the window that ends at T.
    await ingest(tdb, burst('decline', T - 61_000, 5, { everyMs: 10, props: { zone: 'west' } }));
    await tick(T - 59_950);
    expect(await zones()).toEqual({ west: 'triggered' });

    await ingest(tdb, burst('decline', T + 200, 5, { everyMs: 10, props: { zone: 'north' } }));
    await ingest(tdb, burst('decline', T + 200, 2, { everyMs: 10, props: { zone: 'south' } }));
    await afterFlush(['declines'], T + 300);
    // North opened as of the end of that second, the instant the tick will judge it complete.
    expect(await zones()).toEqual({ west: 'triggered', north: 'triggered' });
    // The tick at T + 0.6 s judges the windows ending at T, without north's burst: it leaves north be,
    // and still judges the other series (west clears).
    await tick(T + 600);
    expect(await zones()).toEqual({ west: 'resolved', north: 'triggered' });
    await tick(T + 1_050);
    const north = (await incidentsOf(r.id)).find((i) => i.series.zone === 'north');
    expect(north?.status).toBe('triggered');
    expect(await timelineKinds(north!.id)).toEqual(['opened']);
    // South (2 events) was not judged early; the tick goes on judging it. A quiet minute resolves north.
    await ingest(tdb, burst('decline', T + 1_200, 5, { everyMs: 10, props: { zone: 'south' } }));
    await tick(T + 2_050);
    expect(await zones()).toEqual({ west: 'resolved', north: 'triggered', south: 'triggered' });
    await tick(T + 61_500);
    expect(await zones()).toEqual({ west: 'resolved', north: 'resolved', south: 'triggered' });
  });

  it('leaves an average to the tick: more events of the second could still pull it back', async () => {
    const r = await rule({
      name: 'Slow checkouts',
      kind: 'threshold',
      metric: 'slow_checkouts',
      window: '1m',
      params: { op: '>', value: 100 },
    });
    const { tick } = engine(tdb);
    await ingest(tdb, burst('checkout', T + 5_200, 3, { everyMs: 10, value: 500 }));
    expect(await afterFlush(['slow_checkouts'], T + 5_300)).toMatchObject({ rules: 0, transitions: 0 });
    expect(await incidentsOf(r.id)).toEqual([]);
    await tick(T + 6_010);
    expect(await incidentsOf(r.id)).toMatchObject([{ status: 'triggered' }]);
  });

  it('opens a single incident when a flush and the tick judge the same second at once', async () => {
    const r = await rule({
      name: 'Declines at once',
      kind: 'threshold',
      metric: 'declines',
      groupBy: ['zone'],
      window: '1m',
      params: { op: '>', value: 4 },
    });
    const { tick } = engine(tdb);
    await ingest(tdb, burst('decline', T + 300_200, 5, { everyMs: 10, props: { zone: 'east' } }));
    const results = await Promise.all([
      afterFlush(['declines'], T + 300_400),
      tick(T + 301_000),
      afterFlush(['declines'], T + 300_500),
      tick(T + 301_000),
    ]);
    expect(await incidentsOf(r.id)).toHaveLength(1);
    expect(results.reduce((n, x) => n + x.transitions, 0)).toBe(1);
  });
});
