import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/core/auth/context';
import { sha256 } from '@/core/auth/hashing';
import type { Role } from '@/contracts/roles';
import { ForbiddenError, UnauthorizedError, ValidationError } from '@/core/errors';
import { backtestRule } from '@/core/services/rules/backtest-rule';
import { backtestInputSchema } from '@/core/services/rules/schemas';
import { closeRuntime } from '@/server/runtime';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { burst, ingest, seedMetrics, seedUsers } from '@/test/helpers/rules';
import { callRoute } from '@/test/route-call';
import { rollUp } from '@/workers/rollup';
import { evaluateSurgeRules } from '@/workers/surge/evaluate-surge-rules';
import * as backtestRoute from '@/app/api/v1/surge-rules/backtest/route';
import { backtestSurgeRule } from './backtest-surge-rule';
import { createSurgeRule } from './create-surge-rule';
import { createSurgeRuleInputSchema, surgeBacktestInputSchema } from './schemas';

let tdb: TestDatabase;
let actors: Record<Role, Actor>;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: tdb.url,
    REDIS_URL: testRedisUrl,
    PULSEBOARD_SECRET: 'a-test-secret-of-at-least-32-characters',
    PULSEBOARD_REDIS_PREFIX: testRedisPrefix(),
    PULSEBOARD_DEMO: 'off',
  });
  actors = await seedUsers(tdb);
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    tokens[role] = `pbt_${role}_surge_backtest_token`;
    await tdb.sql`insert into api_tokens (user_id, name, token_hash, prefix)
      values (${actors[role].userId}, 'test', ${sha256(tokens[role])}, 'pbt_')`;
  }
  await seedMetrics(tdb, [
    { name: 'ride_requests', eventTypes: ['ride_request'], dimensions: ['zone'] },
    { name: 'drivers_available', eventTypes: ['driver_available'], dimensions: ['zone'] },
  ]);
});
afterAll(async () => {
  await closeRuntime();
  await tdb.drop();
});

const as = (role: Role | null) => ({ db: tdb.db, actor: role ? actors[role] : null });
const rides = {
  name: 'Rides per zone',
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
};
const input = (rule: Record<string, unknown>, from: number, to: number) =>
  surgeBacktestInputSchema.parse({
    rule,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
  });
const iso = (t: number) => new Date(t).toISOString();
/** Demand and supply events of a zone, all within one second. */
const zoneSecond = (t: number, zone: string, demand: number, supply: number) => [
  ...burst('ride_request', t, demand, { everyMs: 10, props: { zone } }),
  ...burst('driver_available', t, supply, { everyMs: 10, props: { zone } }),
];

describe('surge backtest', () => {
  it('is open to operators, not to viewers', async () => {
    const t = Date.parse('2030-03-01T00:00:00Z');
    const body = input(rides, t, t + 60_000);
    await expect(backtestSurgeRule({ ctx: as(null), input: body })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(backtestSurgeRule({ ctx: as('viewer'), input: body })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(backtestSurgeRule({ ctx: as('operator'), input: body })).resolves.toMatchObject({
      changes: [],
      surges: [],
    });
  });

  it('lists when and which zone would have surged to which tier, as the live engine does step for step', async () => {
    const t = Date.parse('2030-04-01T08:00:00Z');
    // North: 30 requests for 10 drivers (ratio 3 → ×2) for one minute; south balanced.
    await ingest(tdb, [
      ...zoneSecond(t + 600_000, 'north', 30, 10),
      ...zoneSecond(t + 600_000, 'south', 10, 10),
    ]);
    const result = await backtestSurgeRule({ ctx: as('operator'), input: input(rides, t, t + 3_600_000) });
    expect(result).toMatchObject({ stepSeconds: 10, resolution: 'second', evaluations: 361, notes: [] });
    expect(result.surges).toEqual([
      {
        group: { zone: 'north' },
        startedAt: iso(t + 610_000),
        endedAt: iso(t + 670_000),
        peakMultiplier: 2,
        peakRatio: 3,
        incident: true,
      },
    ]);
    expect(result.changes.map((c) => [c.ts, c.group, c.previous, c.multiplier])).toEqual([
      [iso(t + 610_000), { zone: 'north' }, 1, 2],
      [iso(t + 670_000), { zone: 'north' }, 2, 1],
    ]);

    // The live engine, ticked at the same instants, makes the same changes.
    const rule = await createSurgeRule({ ctx: as('admin'), input: createSurgeRuleInputSchema.parse(rides) });
    for (let now = t; now <= t + 3_600_000; now += 10_000) {
      await evaluateSurgeRules({
        db: tdb.db,
        now,
        onError: (id, error) => {
          throw new Error(`surge rule ${id} failed: ${String(error)}`);
        },
      });
    }
    const live = await tdb.sql<
      { ts: string; labels: Record<string, string>; previous: number; multiplier: number }[]
    >`
      select to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ts, labels, previous, multiplier
      from surge_events where rule_id = ${rule.id} order by ts, id`;
    expect(live.map((r) => [r.ts, r.labels, r.previous, r.multiplier])).toEqual(
      result.changes.map((c) => [c.ts, c.group, c.previous, c.multiplier]),
    );
    await tdb.sql`update surge_rules set enabled = false where id = ${rule.id}`;
  });

  it('replays 7 days from the 1-minute rollups, for a surge rule and for a rule', async () => {
    const from = Date.parse('2030-06-01T00:00:00Z');
    const to = from + 7 * 86_400_000;
    const at = from + 3 * 86_400_000 + 7_200_000;
    await ingest(tdb, zoneSecond(at, 'east', 40, 10));
    while ((await tdb.sql`select 1 from rollup_dirty limit 1`).length > 0) {
      await rollUp(tdb.sql, { windowMs: 60_000, now: to + 86_400_000 });
    }
    const surge = await backtestSurgeRule({
      ctx: as('operator'),
      input: input({ ...rides, window: '5m' }, from, to),
    });
    expect(surge).toMatchObject({ resolution: 'minute', stepSeconds: 300, evaluations: 2017 });
    expect(surge.surges).toEqual([
      {
        group: { zone: 'east' },
        startedAt: iso(at + 300_000),
        endedAt: iso(at + 600_000),
        peakMultiplier: 2,
        peakRatio: 4,
        incident: true,
      },
    ]);

    const rule = await backtestRule({
      ctx: as('operator'),
      input: backtestInputSchema.parse({
        rule: {
          name: 'Ride requests per zone',
          kind: 'threshold',
          metric: 'ride_requests',
          groupBy: ['zone'],
          window: '5m',
          params: { op: '>', value: 20 },
        },
        from: iso(from),
        to: iso(to),
      }),
    });
    expect(rule).toMatchObject({ resolution: 'minute', stepSeconds: 300, evaluations: 2017 });
    expect(rule.incidents.map((i) => [i.series, i.openedAt, i.resolvedAt])).toEqual([
      [{ zone: 'east' }, iso(at + 300_000), iso(at + 600_000)],
    ]);
  });

  it('answers bad input with 400 naming the field', async () => {
    const t = Date.parse('2030-03-01T00:00:00Z');
    const issue = (raw: Record<string, unknown>) =>
      surgeBacktestInputSchema.safeParse(raw).error?.issues[0]?.path.join('.');
    expect(issue({ rule: rides, from: iso(t), to: iso(t - 1) })).toBe('to');
    expect(issue({ rule: rides, from: iso(t), to: iso(t + 8 * 86_400_000) })).toBe('from');
    expect(issue({ rule: rides, from: 'yesterday', to: iso(t) })).toBe('from');
    expect(
      issue({ rule: { ...rides, tiers: [{ ratio: -1, multiplier: 2 }] }, from: iso(t), to: iso(t + 1) }),
    ).toBe('rule.tiers.0.ratio');

    const field = async (rule: Record<string, unknown>) => {
      const error = await backtestSurgeRule({ ctx: as('operator'), input: input(rule, t, t + 60_000) }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).field;
    };
    expect(await field({ ...rides, demandMetric: 'nope' })).toBe('rule.demandMetric');
    expect(await field({ ...rides, groupBy: ['country'] })).toBe('rule.groupBy');

    // Through the route: parse, authorize, the verb, the answer.
    const post = (role: Role | null, body: unknown) =>
      callRoute(backtestRoute.POST, tokens, {
        method: 'POST',
        path: 'surge-rules/backtest',
        ...(role ? { role } : {}),
        body,
      });
    const range = { from: iso(t), to: iso(t + 60_000) };
    expect(await post('operator', { rule: { ...rides, window: '2m' }, ...range })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_error', field: 'rule.window' } },
    });
    expect(await post('operator', { rule: { ...rides, supplyMetric: 'nope' }, ...range })).toMatchObject({
      status: 400,
      body: { error: { field: 'rule.supplyMetric' } },
    });
    expect((await post('viewer', { rule: rides, ...range })).status).toBe(403);
    expect(await post('operator', { rule: rides, ...range })).toMatchObject({
      status: 200,
      body: { surges: [], evaluated: range },
    });
  });
});
