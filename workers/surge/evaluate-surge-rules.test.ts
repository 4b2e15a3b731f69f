import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surgesChannel } from '@/lib/redis-names';
import type { Actor } from '@/core/auth/context';
import type { Role } from '@/contracts/roles';
import { listCurrentSurges, listSurgeEvents } from '@/core/queries/surge/surge-events';
import { getSurgeRule } from '@/core/queries/surge/surge-rules';
import { createSurgeRule } from '@/core/services/surge-rules/create-surge-rule';
import { createSurgeRuleInputSchema } from '@/core/services/surge-rules/schemas';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { burst, ingest, seedMetrics, seedUsers } from '@/test/helpers/rules';
import { eq } from 'drizzle-orm';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import { sqlWindowSource } from '@/core/queries/rules/window-states';
import { surgeRules } from '@/db/schema';
import { evaluateSurgeRules, redisSurgePublisher, runSurgeRule } from './evaluate-surge-rules';
import type { SurgeEventView } from '@/contracts/responses/surge';

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

const t0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const at = (seconds: number) => t0 + seconds * 1000;

function engine() {
  const published: SurgeEventView[] = [];
  return {
    published,
    tick: (now: number) =>
      evaluateSurgeRules({
        db: tdb.db,
        now,
        publish: (change) => {
          published.push(change);
          return Promise.resolve();
        },
        onError: (ruleId, error) => {
          throw new Error(`surge rule ${ruleId} failed: ${String(error)}`);
        },
      }),
  };
}

describe('surge evaluation', () => {
  it('keeps one multiplier per zone, with tiers, cap, zero supply and hold, and publishes each change', async () => {
    const rule = await createSurgeRule({
      ctx: { db: tdb.db, actor: actors.admin },
      input: createSurgeRuleInputSchema.parse({
        name: 'Rides',
        demandMetric: 'ride_requests',
        supplyMetric: 'drivers_available',
        groupBy: ['zone'],
        window: '1m',
        tiers: [
          { ratio: 3, multiplier: 2 },
          { ratio: 1.5, multiplier: 1.2 },
          { ratio: 2, multiplier: 1.5 },
        ],
        cap: 1.8,
        holdSeconds: 120,
      }),
    });
    expect(rule.tiers.map((t) => t.ratio)).toEqual([1.5, 2, 3]);
    await ingest(tdb, [
      // north: 30 requests for 10 drivers, ratio 3 → ×2, capped at ×1.8.
      ...burst('ride_request', t0, 30, { props: { zone: 'north' }, everyMs: 1000 }),
      ...burst('driver_available', t0, 10, { props: { zone: 'north' } }),
      // south: balanced.
      ...burst('ride_request', t0, 10, { props: { zone: 'south' } }),
      ...burst('driver_available', t0, 10, { props: { zone: 'south' } }),
      // east: demand and no driver at all → the top tier, capped.
      ...burst('ride_request', t0, 4, { props: { zone: 'east' } }),
      // west: 16 requests for 10 drivers, ratio 1.6 → ×1.2.
      ...burst('ride_request', t0, 16, { props: { zone: 'west' } }),
      ...burst('driver_available', t0, 10, { props: { zone: 'west' } }),
    ]);

    const live = engine();
    const first = await live.tick(at(31) + 400);
    expect(first).toMatchObject({ rules: 1, failed: 0 });
    const byZone = <T extends { group: Record<string, string> }>(list: T[]): T[] =>
      [...list].sort((a, b) => (a.group.zone ?? '').localeCompare(b.group.zone ?? ''));
    expect(byZone(live.published)).toEqual([
      {
        rule: rule.id,
        ruleName: 'Rides',
        group: { zone: 'east' },
        ts: new Date(at(31)).toISOString(),
        ratio: null,
        multiplier: 1.8,
        previous: 1,
      },
      expect.objectContaining({ group: { zone: 'north' }, ratio: 3, multiplier: 1.8, previous: 1 }),
      expect.objectContaining({ group: { zone: 'west' }, ratio: 1.6, multiplier: 1.2, previous: 1 }),
    ]);
    expect(byZone(await listCurrentSurges(tdb.db)).map((s) => [s.group.zone, s.multiplier])).toEqual([
      ['east', 1.8],
      ['north', 1.8],
      ['south', 1],
      ['west', 1.2],
    ]);

    // The same tick again changes nothing.
    await live.tick(at(32));
    expect(live.published).toHaveLength(3);

    // The burst leaves the window at 1m 30s, but the hold keeps the multipliers for 120 s.
    await live.tick(at(100));
    await live.tick(at(150));
    expect(live.published).toHaveLength(3);
    await live.tick(at(151));
    expect(byZone(live.published.slice(3)).map((c) => [c.group.zone, c.previous, c.multiplier])).toEqual([
      ['east', 1.8, 1],
      ['north', 1.8, 1],
      ['west', 1.2, 1],
    ]);

    const history = await listSurgeEvents(tdb.db, { rule: rule.id, limit: 100 });
    expect(history).toHaveLength(6);
    expect(history[0]?.ts).toBe(new Date(at(151)).toISOString());
    const firstOnly = await listSurgeEvents(tdb.db, {
      rule: rule.id,
      from: new Date(at(0)).toISOString(),
      to: new Date(at(60)).toISOString(),
      limit: 100,
    });
    expect(firstOnly.map((e) => e.multiplier).sort()).toEqual([1.2, 1.8, 1.8]);
  });

  it('publishes changes on the surges channel in Redis', async () => {
    const prefix = testRedisPrefix();
    const sub = new Redis(testRedisUrl);
    const pub = new Redis(testRedisUrl);
    try {
      const received = new Promise<string>((resolve) =>
        sub.on('message', (_c: string, m: string) => resolve(m)),
      );
      await sub.subscribe(surgesChannel(prefix));
      const change: SurgeEventView = {
        rule: '00000000-0000-4000-8000-000000000000',
        ruleName: 'Rides',
        group: { zone: 'north' },
        ts: new Date(t0).toISOString(),
        ratio: 2.5,
        multiplier: 1.5,
        previous: 1,
      };
      await redisSurgePublisher(pub, prefix)(change);
      expect(JSON.parse(await received)).toEqual(change);
    } finally {
      sub.disconnect();
      pub.disconnect();
    }
  });
  it('skips a surge rule deleted after the tick read it: no error, no state, no incident', async () => {
    const rule = await createSurgeRule({
      ctx: { db: tdb.db, actor: actors.admin },
      input: createSurgeRuleInputSchema.parse({
        name: 'Deleted while read',
        demandMetric: 'ride_requests',
        supplyMetric: 'drivers_available',
        groupBy: ['zone'],
        window: '1m',
        tiers: [{ ratio: 1.5, multiplier: 1.2 }],
        incidentMultiplier: 1.2,
      }),
    });
    const start = at(3_600);
    await ingest(tdb, burst('ride_request', start, 30, { props: { zone: 'gone' } }));
    const [row] = await tdb.db.select().from(surgeRules).where(eq(surgeRules.id, rule.id));
    const catalogue = await listMetrics(tdb.db);
    await tdb.sql`delete from surge_rules where id = ${rule.id}`;
    const outcome = await runSurgeRule(tdb.db, row!, {
      end: start + 30_000,
      lookup: (name) => catalogue.find((m) => m.name === name) ?? null,
      source: sqlWindowSource(tdb.db),
      reopenWithinMs: 0,
    });
    expect(outcome).toBeNull();
    expect(await tdb.sql`select group_key from surge_state where rule_id = ${rule.id}`).toEqual([]);
    expect(await tdb.sql`select id from incidents where surge_rule_id = ${rule.id}`).toEqual([]);
  });
  it('shows a surge rule that cannot be evaluated as failing until an evaluation succeeds', async () => {
    await seedMetrics(tdb, [{ name: 'couriers_free', eventTypes: ['courier_free'], dimensions: ['zone'] }]);
    const rule = await createSurgeRule({
      ctx: { db: tdb.db, actor: actors.admin },
      input: createSurgeRuleInputSchema.parse({
        name: 'Couriers',
        demandMetric: 'ride_requests',
        supplyMetric: 'couriers_free',
        groupBy: ['zone'],
        window: '1m',
        tiers: [{ ratio: 1.5, multiplier: 1.2 }],
      }),
    });
    // Removed behind the catalogue service's back (it refuses while a surge rule uses the metric).
    await tdb.sql`delete from metrics where name = 'couriers_free'`;
    const errors: string[] = [];
    const tick = (now: number) =>
      evaluateSurgeRules({ db: tdb.db, now, onError: (id, error) => errors.push(`${id}: ${String(error)}`) });

    const failed = await tick(at(7_200));
    expect(failed.failed).toBe(1);
    expect(errors).toHaveLength(1);
    const failure = (await getSurgeRule(tdb.db, rule.id))?.evaluationFailure;
    expect(failure?.error).toMatch(/couriers_free/);

    await seedMetrics(tdb, [{ name: 'couriers_free', eventTypes: ['courier_free'], dimensions: ['zone'] }]);
    expect((await tick(at(7_201))).failed).toBe(0);
    expect((await getSurgeRule(tdb.db, rule.id))?.evaluationFailure).toBeNull();
  });
});
