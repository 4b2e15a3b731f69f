import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentsChannel } from '@/lib/redis-names';
import type { Actor } from '@/core/auth/context';
import type { Role } from '@/contracts/roles';
import { getIncidentDetail } from '@/core/queries/incidents/get-incident';
import { incidentStats } from '@/core/queries/incidents/incident-stats';
import { listIncidents } from '@/core/queries/incidents/list-incidents';
import { acknowledgeIncident } from '@/core/services/incidents/acknowledge-incident';
import { listIncidentsQuerySchema } from '@/core/services/incidents/schemas';
import { redisIncidentPublisher } from '@/core/services/incidents/publish';
import { createSurgeRule } from '@/core/services/surge-rules/create-surge-rule';
import { deleteSurgeRule } from '@/core/services/surge-rules/delete-surge-rule';
import { createSurgeRuleInputSchema } from '@/core/services/surge-rules/schemas';
import { createTestDatabase, readyRedis, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { burst, ingest, seedMetrics, seedUsers } from '@/test/helpers/rules';
import { evaluateSurgeRules } from './evaluate-surge-rules';
import { surgeIncidentTitle } from './surge-incidents';
import type { IncidentView } from '@/contracts/responses/alerting';

let tdb: TestDatabase;
let actors: Record<Role, Actor>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  actors = await seedUsers(tdb);
  await seedMetrics(tdb, [
    { name: 'ride_requests', eventTypes: ['ride_request'], dimensions: ['zone'] },
    { name: 'drivers_available', eventTypes: ['driver_available'], dimensions: ['zone'] },
  ]);
});
afterAll(async () => {
  await tdb.drop();
});

const t0 = Date.UTC(2026, 1, 2, 9, 0, 0);
const at = (seconds: number) => t0 + seconds * 1000;

function engine(publishIncident?: (i: IncidentView) => Promise<void>) {
  const published: IncidentView[] = [];
  return {
    published,
    tick: (now: number) =>
      evaluateSurgeRules({
        db: tdb.db,
        now,
        publishIncident:
          publishIncident ??
          ((incident) => {
            published.push(incident);
            return Promise.resolve();
          }),
        onError: (ruleId, error) => {
          throw new Error(`surge rule ${ruleId} failed: ${String(error)}`);
        },
      }),
  };
}

const rides = (name: string, extra: Record<string, unknown> = {}) =>
  createSurgeRule({
    ctx: { db: tdb.db, actor: actors.admin },
    input: createSurgeRuleInputSchema.parse({
      name,
      demandMetric: 'ride_requests',
      supplyMetric: 'drivers_available',
      groupBy: ['zone'],
      window: '1m',
      tiers: [
        { ratio: 1.5, multiplier: 1.2 },
        { ratio: 2, multiplier: 1.5 },
        { ratio: 3, multiplier: 2 },
      ],
      incidentMultiplier: 1.5,
      severity: 'error',
      ...extra,
    }),
  });

/** Demand and supply of one zone, one event a second from `from`. */
const zone = (z: string, from: number, requests: number, drivers: number) => [
  ...burst('ride_request', from, requests, { props: { zone: z }, everyMs: 100 }),
  ...burst('driver_available', from, drivers, { props: { zone: z }, everyMs: 100 }),
];

describe('surge incidents', () => {
  it('opens one incident per group at the incident tier, notes a higher tier, auto-resolves below it and reopens within the window', async () => {
    const rule = await rides('Rides');
    // Three minutes apart so each step's window (1 m) sees only its own events.
    await ingest(tdb, [
      ...zone('north', at(0), 20, 10), // ratio 2 → ×1.5: incident
      ...zone('west', at(0), 16, 10), // ratio 1.6 → ×1.2: below the incident tier
      ...zone('north', at(180), 30, 10), // ratio 3 → ×2: same incident, noted
      ...zone('north', at(360), 10, 10), // balanced → ×1: auto-resolved
      ...zone('north', at(540), 25, 10), // ratio 2.5 → ×1.5 within 5 min of the resolve: reopened
      ...zone('north', at(1260), 10, 10), // resolved again
      ...zone('north', at(1800), 20, 10), // 9 minutes after that resolve: a new incident
    ]);
    const live = engine();

    await live.tick(at(10));
    expect(live.published).toHaveLength(1);
    const opened = live.published[0]!;
    expect(opened).toMatchObject({
      ruleId: null,
      surgeRuleId: rule.id,
      ruleName: 'Rides',
      title: 'Surge ×1.5 — Rides (zone=north)',
      status: 'triggered',
      severity: 'error',
      series: { zone: 'north' },
      value: 1.5,
      threshold: 1.5,
      openedAt: new Date(at(10)).toISOString(),
    });
    // The same multiplier on the next tick changes nothing.
    await live.tick(at(11));
    expect(live.published).toHaveLength(1);

    await live.tick(at(190));
    expect(live.published.at(-1)).toMatchObject({
      id: opened.id,
      status: 'triggered',
      value: 2,
      title: 'Surge ×2 — Rides (zone=north)',
    });

    await live.tick(at(370));
    expect(live.published.at(-1)).toMatchObject({
      id: opened.id,
      status: 'resolved',
      resolvedBy: 'auto',
      resolvedAt: new Date(at(370)).toISOString(),
    });

    await live.tick(at(550));
    expect(live.published.at(-1)).toMatchObject({ id: opened.id, status: 'triggered', reopenedCount: 1 });
    await live.tick(at(1270));
    expect(live.published.at(-1)).toMatchObject({ id: opened.id, status: 'resolved' });
    const before = live.published.length;
    await live.tick(at(1810));
    expect(live.published).toHaveLength(before + 1);
    const fresh = live.published.at(-1)!;
    expect(fresh.id).not.toBe(opened.id);
    expect(fresh).toMatchObject({ surgeRuleId: rule.id, status: 'triggered', value: 1.5 });

    // West never reached ×1.5: no incident of its own.
    expect(live.published.every((i) => i.series.zone === 'north')).toBe(true);

    const detail = await getIncidentDetail(tdb.db, opened.id);
    expect(detail?.timeline.map((e) => e.kind)).toEqual([
      'opened',
      'firing',
      'resolved',
      'reopened',
      'resolved',
    ]);
    expect(detail?.timeline[0]?.data).toMatchObject({ value: 1.5, threshold: 1.5, ratio: 2, previous: 1 });
    expect(detail?.timeline[2]?.data).toMatchObject({ by: 'auto', value: 1 });

    // The list finds them by surge rule; the stats count them under the surge rule.
    const list = await listIncidents(tdb.db, listIncidentsQuerySchema.parse({ surgeRule: rule.id }));
    expect(list.incidents.map((i) => i.id).sort()).toEqual([opened.id, fresh.id].sort());
    const stats = await incidentStats(tdb.db, {
      from: new Date(at(0)).toISOString(),
      to: new Date(at(3600)).toISOString(),
    });
    expect(stats.byRule).toEqual([
      expect.objectContaining({
        ruleId: null,
        surgeRuleId: rule.id,
        ruleName: 'Rides',
        incidents: 2,
        timeToResolve: expect.objectContaining({ count: 1, meanSeconds: 1260 }) as unknown,
      }),
    ]);
  });

  it('keeps an acknowledged surge incident open while the surge lasts and resolves it when the multiplier drops', async () => {
    const rule = await rides('Flash sale', { groupBy: [], incidentMultiplier: 2, severity: 'critical' });
    const base = at(7200);
    await ingest(tdb, [
      ...burst('ride_request', base, 40, { props: { zone: 'any' }, everyMs: 100 }),
      ...burst('driver_available', base, 10, { props: { zone: 'any' }, everyMs: 100 }),
    ]);
    const live = engine();
    await live.tick(base + 10_000);
    const mine = live.published.filter((i) => i.surgeRuleId === rule.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ title: 'Surge ×2 — Flash sale', severity: 'critical', series: {} });
    const acked = await acknowledgeIncident({
      ctx: { db: tdb.db, actor: actors.operator },
      id: mine[0]!.id,
      input: {},
    });
    expect(acked.status).toBe('acknowledged');
    await live.tick(base + 20_000);
    expect(live.published.filter((i) => i.surgeRuleId === rule.id)).toHaveLength(1);
    // The demand leaves the 1-minute window: ×1, resolved.
    await live.tick(base + 70_000);
    const last = live.published.filter((i) => i.surgeRuleId === rule.id).at(-1);
    expect(last).toMatchObject({ id: mine[0]!.id, status: 'resolved', resolvedBy: 'auto' });
  });

  it('opens no incident without an incident multiplier', async () => {
    const rule = await rides('No incidents', { incidentMultiplier: null });
    const base = at(10_800);
    await ingest(tdb, zone('south', base, 40, 10));
    const live = engine();
    const summary = await live.tick(base + 10_000);
    expect(summary.changes.some((c) => c.rule === rule.id && c.multiplier === 2)).toBe(true);
    expect(live.published.filter((i) => i.surgeRuleId === rule.id)).toEqual([]);
  });

  it('resolves the open incidents of a deleted surge rule, keeping them under its name', async () => {
    const rule = await rides('Deleted later');
    const base = at(12_600);
    await ingest(tdb, zone('airport', base, 30, 10));
    const live = engine();
    await live.tick(base + 10_000);
    const open = live.published.find((i) => i.surgeRuleId === rule.id);
    expect(open?.status).toBe('triggered');
    const resolved: IncidentView[] = [];
    await deleteSurgeRule({
      ctx: {
        db: tdb.db,
        actor: actors.admin,
        publish: (i) => {
          resolved.push(i);
          return Promise.resolve();
        },
      },
      id: rule.id,
    });
    expect(resolved).toEqual([
      expect.objectContaining({
        id: open!.id,
        status: 'resolved',
        surgeRuleId: null,
        ruleName: 'Deleted later',
        resolvedBy: expect.objectContaining({ id: actors.admin.userId }) as unknown,
      }),
    ]);
  });

  it('publishes surge incidents on the incidents channel, as alert-rule incidents are', async () => {
    const prefix = testRedisPrefix();
    const sub = await readyRedis();
    const pub = new Redis(testRedisUrl);
    try {
      const rule = await rides('Published');
      const base = at(14_400);
      await ingest(tdb, zone('harbour', base, 30, 10));
      const received = new Promise<IncidentView>((resolve) =>
        sub.on('message', (_c: string, m: string) => {
          const incident = JSON.parse(m) as IncidentView;
          if (incident.surgeRuleId === rule.id) resolve(incident);
        }),
      );
      await sub.subscribe(incidentsChannel(prefix));
      await engine(redisIncidentPublisher(pub, prefix)).tick(base + 10_000);
      expect(await received).toMatchObject({
        surgeRuleId: rule.id,
        title: surgeIncidentTitle('Published', 2, { zone: 'harbour' }),
        status: 'triggered',
      });
    } finally {
      sub.disconnect();
      pub.disconnect();
    }
  });
});
