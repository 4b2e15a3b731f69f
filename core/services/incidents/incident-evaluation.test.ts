import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/core/auth/context';
import type { Role } from '@/contracts/roles';
import { ConflictError, UnauthorizedError } from '@/core/errors';
import { listIncidents } from '@/core/queries/incidents/list-incidents';
import { metricSeries } from '@/core/queries/metrics/metric-series';
import { seriesQuerySchema } from '@/core/services/metrics/schemas';
import { windowedSeries } from '@/core/services/metrics/windowed-series';
import { createRule } from '@/core/services/rules/create-rule';
import { createRuleInputSchema } from '@/core/services/rules/schemas';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { burst, engine, ingest, seedMetrics, seedUsers } from '@/test/helpers/rules';
import { evaluateIncident } from './incident-evaluation';
import { listIncidentsQuerySchema } from './schemas';

let tdb: TestDatabase;
let actors: Record<Role, Actor>;
let ruleId: string;
let incidentId: string;
const t0 = Date.parse('2030-03-01T12:00:00Z');

// p95 latency per route, > 300 ms over 5 minutes for 60 s (clears at 250). A 30-second spike of slow
// checkouts keeps the 5-minute p95 high long after the 10-second buckets are back to normal.
beforeAll(async () => {
  tdb = await createTestDatabase();
  actors = await seedUsers(tdb);
  await seedMetrics(tdb, [
    {
      name: 'checkout_latency',
      eventTypes: ['checkout'],
      aggregation: 'p95',
      valueField: 'value',
      dimensions: ['route'],
    },
  ]);
  await tdb.sql`update metrics set unit = 'ms' where name = 'checkout_latency'`;
  const rule = await createRule({
    ctx: { db: tdb.db, actor: actors.admin },
    input: createRuleInputSchema.parse({
      name: 'Slow checkout',
      kind: 'threshold',
      metric: 'checkout_latency',
      groupBy: ['route'],
      window: '5m',
      pendingSeconds: 60,
      params: { op: '>', value: 300, clearValue: 250 },
    }),
  });
  ruleId = rule.id;
  const steady = (route: string) =>
    burst('checkout', t0 - 10 * 60_000, 2 * 20 * 60, { everyMs: 500, value: 100, props: { route } });
  await ingest(tdb, [
    ...steady('/checkout'),
    ...steady('/home'),
    ...burst('checkout', t0, 60, { everyMs: 500, value: 900, props: { route: '/checkout' } }),
  ]);
  const tick = engine(tdb).tick;
  for (let t = t0; t <= t0 + 3 * 60_000; t += 10_000) await tick(t);
  const { incidents } = await listIncidents(tdb.db, listIncidentsQuerySchema.parse({ rule: ruleId }));
  expect(incidents.map((i) => i.series)).toEqual([{ route: '/checkout' }]);
  incidentId = incidents[0]!.id;
}, 120_000);
afterAll(async () => {
  await tdb.drop();
});

describe('the rule evaluated around an incident', () => {
  it('plots what the rule compared: at the breach the 5-minute p95 is over the threshold while the raw 10-second p95 is not', async () => {
    const evaluation = await evaluateIncident({
      ctx: { db: tdb.db, actor: actors.viewer },
      id: incidentId,
      now: t0 + 10 * 60_000,
    });
    const [incident] = (await listIncidents(tdb.db, listIncidentsQuerySchema.parse({ rule: ruleId })))
      .incidents;
    const opened = Date.parse(incident!.openedAt);
    // Breaching from the 16th second on, firing after the 60-second pending period: at the first tick after.
    expect(opened).toBe(t0 + 80_000);

    expect(evaluation).toMatchObject({
      rule: { id: ruleId, window: '5m', groupBy: ['route'], op: '>', pendingSeconds: 60 },
      metric: { name: 'checkout_latency', aggregation: 'p95', unit: 'ms' },
      series: { route: '/checkout' },
      unit: 'ms',
      stepSeconds: 10,
      from: new Date(opened - 30 * 60_000).toISOString(),
    });
    // The engine's own value at the moment it opened the incident, and the lines it compared it with.
    expect(evaluation.breach).toEqual({
      ts: new Date(opened).toISOString(),
      value: incident!.value,
      threshold: 300,
      clear: 250,
      breaching: true,
    });
    expect(evaluation.breach!.value!).toBeGreaterThan(300);

    // The old chart's line: the bucket's own p95 when the incident opened is the steady 100 ms.
    const raw = await metricSeries(
      tdb.db,
      'checkout_latency',
      seriesQuerySchema.parse({
        from: new Date(opened - 60_000).toISOString(),
        to: new Date(opened).toISOString(),
        step: '10s',
        group: 'route',
      }),
    );
    const rawCheckout = raw.series.find((s) => s.group.route === '/checkout')!;
    const atBreach = rawCheckout.points.find(([ts]) => Date.parse(ts) === opened - 10_000);
    expect(atBreach?.[1]).toBeLessThan(300);

    // Every point is the 5-minute value: it stays over the threshold for minutes after the spike.
    const byTime = new Map(evaluation.points.map((p) => [Date.parse(p.ts), p]));
    expect(byTime.get(t0 - 60_000)).toMatchObject({ breaching: false, threshold: 300, clear: 250 });
    expect(byTime.get(t0 - 60_000)!.value!).toBeLessThan(250);
    expect(byTime.get(t0 + 4 * 60_000)!.value!).toBeGreaterThan(300);
    // Five minutes after the spike began, it has left the window.
    expect(byTime.get(t0 + 5 * 60_000 + 40_000)!.value!).toBeLessThan(250);
    // Only the incident's series, one point per 10 s over ±30 minutes.
    expect(evaluation.points.length).toBeGreaterThan(200);
  });

  it('is the same line Explore shows for the metric over the rule window and the series', async () => {
    const from = t0 - 60_000;
    const to = t0 + 6 * 60_000;
    const evaluation = await evaluateIncident({
      ctx: { db: tdb.db, actor: actors.viewer },
      id: incidentId,
      now: t0 + 10 * 60_000,
    });
    const explored = await windowedSeries(tdb.db, 'checkout_latency', {
      ...seriesQuerySchema.parse({
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        step: '10s',
        group: 'route',
        where: JSON.stringify({ route: '/checkout' }),
      }),
      window: '5m',
    });
    expect(explored.series.map((s) => s.group)).toEqual([{ route: '/checkout' }]);
    const evaluated = new Map(evaluation.points.map((p) => [p.ts, p.value]));
    const points = explored.series[0]!.points;
    expect(points.length).toBe(43);
    for (const [ts, value] of points) expect(value).toBe(evaluated.get(ts));

    // Long windows step by minutes (from the 1-minute rollups), not by merging an hour of seconds per point.
    const long = (step?: string) =>
      windowedSeries(tdb.db, 'checkout_latency', {
        ...seriesQuerySchema.parse({
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          step,
        }),
        window: '1h',
      });
    await expect(long('10s')).rejects.toMatchObject({
      field: 'step',
      message: 'a 1h window needs a step of 1m or more',
    });
    await expect(long()).resolves.toMatchObject({ step: '1m' });
  });

  it('needs a signed-in user, and a rule to evaluate', async () => {
    await expect(
      evaluateIncident({ ctx: { db: tdb.db, actor: null }, id: incidentId }),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await tdb.sql`update incidents set rule_id = null where id = ${incidentId}`;
    await expect(
      evaluateIncident({ ctx: { db: tdb.db, actor: actors.viewer }, id: incidentId }),
    ).rejects.toBeInstanceOf(ConflictError);
    await tdb.sql`update incidents set rule_id = ${ruleId} where id = ${incidentId}`;
  });
});
