import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/core/auth/context';
import { ConflictError, ForbiddenError, UnauthorizedError, ValidationError } from '@/core/errors';
import { metricCurrent } from '@/core/queries/metrics/metric-current';
import { metricSeries } from '@/core/queries/metrics/metric-series';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { processBatch } from '@/workers/ingest/process-batch';
import { metricCatalogue } from '@/workers/metric-catalogue';
import { rollUp } from '@/workers/rollup';
import { createMetric } from './create-metric';
import { deleteMetric } from './delete-metric';
import { createMetricInputSchema, updateMetricInputSchema } from './schemas';
import { updateMetric } from './update-metric';
import { seedMetrics } from '@/test/helpers/rules';
import { createRule } from '@/core/services/rules/create-rule';
import { deleteRule } from '@/core/services/rules/delete-rule';
import { createRuleInputSchema } from '@/core/services/rules/schemas';
import { createSurgeRule } from '@/core/services/surge-rules/create-surge-rule';
import { deleteSurgeRule } from '@/core/services/surge-rules/delete-surge-rule';
import { createSurgeRuleInputSchema } from '@/core/services/surge-rules/schemas';

let tdb: TestDatabase;
const actor = (role: Actor['role']): Actor => ({
  userId: '00000000-0000-4000-8000-000000000001',
  email: `${role}@test`,
  name: role,
  role,
  via: 'session',
});

beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedMetrics(tdb, [], { builtIn: true });
});
afterAll(async () => {
  await tdb.drop();
});

const create = (role: Actor['role'] | null, raw: unknown) =>
  createMetric({
    ctx: { db: tdb.db, actor: role ? actor(role) : null },
    input: createMetricInputSchema.parse(raw),
  });

describe('metric catalogue', () => {
  it('lets only admins create metrics, and audits the change', async () => {
    const input = { name: 'api_errors', eventTypes: ['api_error'], dimensions: ['endpoint'] };
    await expect(create(null, input)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(create('viewer', input)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(create('operator', input)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(create('admin', input)).resolves.toMatchObject({ name: 'api_errors', aggregation: 'count' });
    await expect(create('admin', input)).rejects.toBeInstanceOf(ConflictError);
    const audit = await tdb.sql`select action, target_id, actor_email from audit_log`;
    expect(audit).toEqual([{ action: 'metric.create', target_id: 'api_errors', actor_email: 'admin@test' }]);
  });

  it('validates the shape: value fields, grouping, names', () => {
    const bad = [
      [{ name: 'p', aggregation: 'p95' }, 'valueField'],
      [{ name: 'g', dimensions: ['zone'], defaultGroupBy: ['city'] }, 'defaultGroupBy'],
      [{ name: 'Bad Name' }, 'name'],
      [{ name: 'x', valueField: 'amount' }, 'valueField'],
      [{ name: 'x', extra: 1 }, ''],
    ] as const;
    for (const [raw, field] of bad) {
      const r = createMetricInputSchema.safeParse(raw);
      expect(r.success).toBe(false);
      if (!r.success && field) expect(r.error.issues[0]?.path.join('.')).toBe(field);
    }
    expect(updateMetricInputSchema.safeParse({ name: 'renamed' }).success).toBe(false);
  });

  it('keeps built-in metrics intact and refuses to delete a metric a ratio uses', async () => {
    const ctx = { db: tdb.db, actor: actor('admin') };
    await expect(
      updateMetric({ ctx, name: 'events', input: { dimensions: ['type'] } }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(updateMetric({ ctx, name: 'events', input: { unit: 'evt' } })).resolves.toMatchObject({
      unit: 'evt',
    });
    await expect(deleteMetric({ ctx, name: 'events' })).rejects.toBeInstanceOf(ConflictError);
    await create('admin', { name: 'api_requests', eventTypes: ['api_request'], dimensions: ['endpoint'] });
    await create('admin', {
      name: 'error_rate',
      ratioOf: { numerator: 'api_errors', denominator: 'api_requests', scale: 100 },
      unit: '%',
    });
    await expect(deleteMetric({ ctx, name: 'api_errors' })).rejects.toBeInstanceOf(ConflictError);
    await expect(
      updateMetric({
        ctx: { db: tdb.db, actor: actor('operator') },
        name: 'api_errors',
        input: { unit: 'x' },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('computes custom metrics in the workers and derived ratios at query time', async () => {
    const ts = Date.parse('2030-05-01T12:00:00.500Z');
    const events = [
      ...Array.from({ length: 40 }, (_, i) => ({
        id: `q${i}`,
        type: 'api_request',
        ts,
        props: { endpoint: '/a' },
      })),
      ...Array.from({ length: 10 }, (_, i) => ({
        id: `x${i}`,
        type: 'api_error',
        ts,
        props: { endpoint: '/a' },
      })),
    ];
    const catalogue = metricCatalogue(tdb.sql);
    await processBatch(tdb.sql, [{ source: 's', keyId: 'k', backfill: true, receivedAt: ts, events }], {
      latenessMs: 300_000,
      metrics: await catalogue(),
    });
    const range = {
      from: '2030-05-01T11:59:00Z',
      to: '2030-05-01T12:01:00Z',
      step: '1s' as const,
      group: ['endpoint'],
    };
    const rate = await metricSeries(tdb.db, 'error_rate', range);
    expect(rate.series).toEqual([{ group: { endpoint: '/a' }, points: [['2030-05-01T12:00:00.000Z', 25]] }]);
  });

  it('refuses a range too long for any step naming what the client sent: the step, or else the range', async () => {
    const range = { from: '0001-01-01T00:00:00Z', to: '9999-01-01T00:00:00Z' };
    await expect(metricSeries(tdb.db, 'events', { ...range, step: '1h' })).rejects.toMatchObject({
      field: 'step',
    });
    const refusal = metricSeries(tdb.db, 'events', range);
    await expect(refusal).rejects.toMatchObject({ field: 'from' });
    await expect(refusal).rejects.toThrow(/span more than 11000 buckets even at the coarsest step, 1d/);
  });
});

describe('deleting a metric', () => {
  it('deletes its points and rollups with it: a new metric of the same name shows no old values', async () => {
    const ctx = { db: tdb.db, actor: actor('admin') };
    const input = { name: 'checkouts', eventTypes: ['checkout'], dimensions: [] };
    await create('admin', input);
    // Backfilled history, 3 days old, so the rollup job rolls it up as dirty minutes.
    const hour = Math.floor((Date.now() - 3 * 86_400_000) / 3_600_000) * 3_600_000;
    const ts = hour + 306_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const events = Array.from({ length: 5 }, (_, i) => ({
      id: `co${i}`,
      type: 'checkout',
      ts: ts + i * 1000,
    }));
    await processBatch(
      tdb.sql,
      [{ source: 's', keyId: 'k', backfill: true, receivedAt: Date.now(), events }],
      {
        latenessMs: 300_000,
        metrics: await metricCatalogue(tdb.sql)(),
      },
    );
    await rollUp(tdb.sql, { windowMs: 420_000 });
    const range = { from: iso(hour), to: iso(hour + 7_200_000), group: [] };
    const totals = async () =>
      Promise.all(
        (['1s', '1m', '1h'] as const).map(async (step) => {
          const { series } = await metricSeries(tdb.db, 'checkouts', {
            ...range,
            ...(step === '1s' ? { from: iso(ts - 6_000), to: iso(ts + 54_000) } : {}),
            step,
          });
          return series.flatMap((s) => s.points).reduce((n, [, v]) => n + Number(v), 0);
        }),
      );
    expect(await totals()).toEqual([5, 5, 5]);
    await deleteMetric({ ctx, name: 'checkouts' });
    const [left] = await tdb.sql<{ n: number }[]>`
      select ((select count(*) from metric_points where metric = 'checkouts')
        + (select count(*) from metric_rollups_1m where metric = 'checkouts')
        + (select count(*) from metric_rollups_1h where metric = 'checkouts'))::int as n`;
    expect(left?.n).toBe(0);
    await create('admin', input);
    expect(await totals()).toEqual([0, 0, 0]);
  });
});

describe('metrics that rules use', () => {
  it('are not deleted or changed under a rule or surge rule that would stop evaluating; 409 names the rule', async () => {
    const ctx = { db: tdb.db, actor: actor('admin') };
    await create('admin', { name: 'trips', eventTypes: ['trip'], dimensions: ['zone', 'city'] });
    await create('admin', { name: 'cabs', eventTypes: ['cab'], dimensions: ['zone'] });
    const rule = await createRule({
      ctx,
      input: createRuleInputSchema.parse({
        name: 'Trips by zone',
        kind: 'threshold',
        metric: 'trips',
        groupBy: ['zone'],
        window: '1m',
        params: { op: '>', value: 5 },
      }),
    });
    const surge = await createSurgeRule({
      ctx,
      input: createSurgeRuleInputSchema.parse({
        name: 'Trips per cab',
        demandMetric: 'trips',
        supplyMetric: 'cabs',
        groupBy: ['zone'],
        tiers: [{ ratio: 2, multiplier: 1.5 }],
      }),
    });
    const remove = (name: string) => deleteMetric({ ctx, name });
    const change = (name: string, raw: unknown) =>
      updateMetric({ ctx, name, input: updateMetricInputSchema.parse(raw) });

    await expect(remove('trips')).rejects.toBeInstanceOf(ConflictError);
    await expect(remove('trips')).rejects.toThrow(
      'rule "Trips by zone" (no metric named trips) and 1 more would stop evaluating; change or delete them first',
    );
    await expect(change('trips', { dimensions: ['city'] })).rejects.toThrow(
      /^rule "Trips by zone" \(metric trips cannot be grouped by zone.*\) and 1 more would stop evaluating/,
    );
    await expect(remove('cabs')).rejects.toThrow(/^surge rule "Trips per cab" \(no metric named cabs\)/);
    // What no rule needs still changes.
    await expect(change('trips', { dimensions: ['zone'], description: 'rides' })).resolves.toMatchObject({
      dimensions: ['zone'],
    });
    expect(await tdb.sql`select name from metrics where name in ('trips', 'cabs') order by name`).toEqual([
      { name: 'cabs' },
      { name: 'trips' },
    ]);

    await deleteRule({ ctx, id: rule.id });
    await deleteSurgeRule({ ctx, id: surge.id });
    await expect(remove('cabs')).resolves.toBeUndefined();
    await expect(remove('trips')).resolves.toBeUndefined();
  });
});

describe('a rule or ratio saved while its metric is deleted', () => {
  it('ends refused, or with the metric kept: never a rule or ratio on a missing metric', async () => {
    const ctx = { db: tdb.db, actor: actor('admin') };
    for (let i = 0; i < 20; i++) {
      const name = `race_${i}`;
      await create('admin', { name, eventTypes: [name] });
      const input = createRuleInputSchema.parse({
        name: `Race ${i}`,
        kind: 'threshold',
        metric: name,
        window: '1m',
        params: { op: '>', value: 5 },
      });
      const outcomes = await Promise.allSettled([
        deleteMetric({ ctx, name }),
        createRule({ ctx, input }),
        create('admin', { name: `race_share_${i}`, ratioOf: { numerator: name, denominator: 'events' } }),
      ]);
      const round = `round ${i}: ${outcomes.map((o) => o.status).join(', ')}`;
      const [metric] = await tdb.sql`select name from metrics where name = ${name}`;
      const [rule] = await tdb.sql`select name from rules where metric = ${name}`;
      const [ratio] = await tdb.sql`select name from metrics where ratio_of->>'numerator' = ${name}`;
      expect(Boolean(rule) && !metric, round).toBe(false);
      expect(Boolean(ratio) && !metric, round).toBe(false);
    }
  });
});

describe('rolling values', () => {
  it('gives a ratio over the window from its numerator and denominator', async () => {
    const ts = Date.now() - 2_000;
    const events = [
      ...Array.from({ length: 30 }, (_, i) => ({
        id: `cq${i}`,
        type: 'api_request',
        ts,
        props: { endpoint: '/b' },
      })),
      ...Array.from({ length: 3 }, (_, i) => ({
        id: `cx${i}`,
        type: 'api_error',
        ts,
        props: { endpoint: '/b' },
      })),
    ];
    const catalogue = metricCatalogue(tdb.sql);
    await processBatch(tdb.sql, [{ source: 's', keyId: 'k', backfill: false, receivedAt: ts, events }], {
      latenessMs: 300_000,
      metrics: await catalogue(),
    });
    const current = await metricCurrent(tdb.db, 'error_rate', { window: '1m', group: ['endpoint'] });
    expect(current.value).toBeCloseTo(10);
    expect(current.series).toEqual([{ group: { endpoint: '/b' }, value: 10 }]);
  });
});
