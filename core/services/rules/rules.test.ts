import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/contracts/roles';
import type { Actor } from '@/core/auth/context';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '@/core/errors';
import { getIncidentDetail } from '@/core/queries/incidents/get-incident';
import { listRules } from '@/core/queries/rules/list-rules';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { rollUp } from '@/workers/rollup';
import { burst, engine, ingest, seedMetrics, seedUsers } from '@/test/helpers/rules';
import { backtestChunkMs, backtestRule } from './backtest-rule';
import { createRule } from './create-rule';
import { deleteRule } from './delete-rule';
import { backtestInputSchema, createRuleInputSchema, updateRuleInputSchema } from './schemas';
import { updateRule } from './update-rule';
import type { IncidentView } from '@/contracts/responses/alerting';

let tdb: TestDatabase;
let actors: Record<Role, Actor>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  actors = await seedUsers(tdb);
  await seedMetrics(tdb, [
    { name: 'orders', eventTypes: ['order'], dimensions: ['zone'] },
    { name: 'payments', eventTypes: ['payment'] },
    { name: 'api_requests', eventTypes: ['api_request'], dimensions: ['endpoint'] },
    { name: 'api_errors', eventTypes: ['api_error'], dimensions: ['endpoint'] },
  ]);
  await tdb.sql`insert into metrics (name, ratio_of) values
    ('error_rate', '{"numerator":"api_errors","denominator":"api_requests","scale":100}')`;
});
afterAll(async () => {
  await tdb.drop();
});

const as = (role: Role | null) => ({ db: tdb.db, actor: role ? actors[role] : null });
const threshold = {
  name: 'Orders per zone',
  kind: 'threshold',
  metric: 'orders',
  groupBy: ['zone'],
  window: '1m',
  params: { op: '>', value: 5 },
};
const create = (role: Role | null, raw: Record<string, unknown> = threshold) =>
  createRule({ ctx: as(role), input: createRuleInputSchema.parse(raw) });
const audit = (target: string) =>
  tdb.sql<{ action: string; actor_email: string }[]>`
    select action, actor_email from audit_log where target_id = ${target} order by id`;

describe('rule configuration', () => {
  it('lets only admins create, change and delete rules, and audits each change', async () => {
    await expect(create(null)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(create('viewer')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(create('operator')).rejects.toBeInstanceOf(ForbiddenError);
    const rule = await create('admin');
    expect(rule).toMatchObject({ kind: 'threshold', severity: 'warning', autoResolve: true, enabled: true });

    const patch = updateRuleInputSchema.parse({ severity: 'critical', pendingSeconds: 30 });
    for (const role of [null, 'viewer', 'operator'] as const) {
      await expect(updateRule({ ctx: as(role), id: rule.id, input: patch })).rejects.toBeInstanceOf(
        role ? ForbiddenError : UnauthorizedError,
      );
      await expect(deleteRule({ ctx: as(role), id: rule.id })).rejects.toBeInstanceOf(
        role ? ForbiddenError : UnauthorizedError,
      );
    }
    await expect(updateRule({ ctx: as('admin'), id: rule.id, input: patch })).resolves.toMatchObject({
      severity: 'critical',
      pendingSeconds: 30,
      params: { op: '>', value: 5 },
    });
    await deleteRule({ ctx: as('admin'), id: rule.id });
    expect(await listRules(tdb.db)).toEqual([]);
    expect(await audit(rule.id)).toEqual([
      { action: 'rule.create', actor_email: 'admin@test' },
      { action: 'rule.update', actor_email: 'admin@test' },
      { action: 'rule.delete', actor_email: 'admin@test' },
    ]);
    await expect(deleteRule({ ctx: as('admin'), id: rule.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('checks a rule against the metric catalogue and its kind, naming the field', async () => {
    const field = async (raw: Record<string, unknown>) => {
      const error = await create('admin', raw).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).field;
    };
    expect(await field({ ...threshold, metric: 'nope' })).toBe('metric');
    expect(await field({ ...threshold, groupBy: ['country'] })).toBe('groupBy');
    expect(
      await field({
        ...threshold,
        metric: 'payments',
        kind: 'no_data',
        groupBy: [],
        params: { eventType: 'x', for: 60 },
      }),
    ).toBe('params');
    // A ratio splits only by the dimensions both of its parts have.
    await expect(
      create('admin', { ...threshold, metric: 'error_rate', groupBy: ['endpoint'] }),
    ).resolves.toMatchObject({
      metric: 'error_rate',
    });
    expect(
      createRuleInputSchema.safeParse({ ...threshold, params: { op: '>' } }).error?.issues[0]?.path,
    ).toEqual(['params', 'value']);
    const rule = await create('admin');
    await expect(
      updateRule({ ctx: as('admin'), id: rule.id, input: updateRuleInputSchema.parse({ kind: 'no_data' }) }),
    ).rejects.toMatchObject({ field: 'params' });
    await expect(
      updateRule({
        ctx: as('admin'),
        id: rule.id,
        input: updateRuleInputSchema.parse({ params: { op: '!' } }),
      }),
    ).rejects.toMatchObject({ field: 'params.op' });
  });

  it('deleting a rule resolves its open incidents in the name of the person deleting it', async () => {
    const rule = await create('admin', { ...threshold, name: 'Doomed', window: '1m' });
    const t = Date.parse('2030-02-01T10:00:00Z');
    await ingest(tdb, burst('order', t, 8, { props: { zone: 'north' } }));
    await engine(tdb).tick(t + 10_000);
    const published: IncidentView[] = [];
    await deleteRule({
      ctx: { ...as('admin'), publish: (i) => Promise.resolve(void published.push(i)) },
      id: rule.id,
    });
    expect(published).toMatchObject([
      { ruleId: null, ruleName: 'Doomed', status: 'resolved', resolvedBy: { email: 'admin@test' } },
    ]);
    const detail = await getIncidentDetail(tdb.db, published[0]!.id);
    expect(detail?.timeline.at(-1)).toMatchObject({
      kind: 'resolved',
      actor: { email: 'admin@test' },
      data: { reason: 'rule deleted' },
    });
  });
});

describe('backtest', () => {
  const input = (rule: Record<string, unknown>, from: number, to: number) =>
    backtestInputSchema.parse({ rule, from: new Date(from).toISOString(), to: new Date(to).toISOString() });

  it('is open to operators, not to viewers, and validates the range', async () => {
    const t = Date.parse('2030-03-01T00:00:00Z');
    const body = input({ ...threshold, metric: 'payments', groupBy: [] }, t, t + 60_000);
    await expect(backtestRule({ ctx: as(null), input: body })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(backtestRule({ ctx: as('viewer'), input: body })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(backtestRule({ ctx: as('operator'), input: body })).resolves.toMatchObject({
      transitions: [],
    });
    const tooLong = backtestInputSchema.safeParse({
      rule: threshold,
      from: '2030-01-01T00:00:00Z',
      to: '2030-04-09T00:00:00Z',
    });
    expect(tooLong.error?.issues[0]?.path).toEqual(['from']);
  });

  it('replays stored history with the live engine’s results, step for step', async () => {
    const t = Date.parse('2030-04-01T08:00:00Z');
    // Three bursts: the second within 5 minutes of the first resolve (reopen), the third much later.
    await ingest(tdb, [
      ...burst('payment', t + 60_000, 10),
      ...burst('payment', t + 240_000, 10),
      ...burst('payment', t + 1_800_000, 10),
    ]);
    const draft = {
      name: 'Payment bursts',
      kind: 'threshold',
      metric: 'payments',
      window: '1m',
      pendingSeconds: 20,
      params: { op: '>', value: 5, clearValue: 2 },
    };
    const result = await backtestRule({ ctx: as('operator'), input: input(draft, t, t + 3_600_000) });
    expect(result).toMatchObject({ stepSeconds: 10, resolution: 'second', evaluations: 361 });
    expect(result.incidents).toEqual([
      {
        series: {},
        openedAt: '2030-04-01T08:01:30.000Z',
        resolvedAt: '2030-04-01T08:05:10.000Z',
        reopenedCount: 1,
        flapping: false,
      },
      {
        series: {},
        openedAt: '2030-04-01T08:30:30.000Z',
        resolvedAt: '2030-04-01T08:31:10.000Z',
        reopenedCount: 0,
        flapping: false,
      },
    ]);

    // The live engine, ticked at the same instants, goes through the same transitions.
    const rule = await create('admin', draft);
    const { tick } = engine(tdb);
    for (let now = t; now <= t + 3_600_000; now += 10_000) await tick(now);
    const live = await tdb.sql<{ ts: string; from_state: string; to_state: string }[]>`
      select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ts, from_state, to_state
      from rule_transitions where rule_id = ${rule.id} order by at, id`;
    expect(live.map((r) => [r.ts, r.from_state, r.to_state])).toEqual(
      result.transitions.map((r) => [r.ts, r.from, r.to]),
    );
    await updateRule({ ctx: as('admin'), id: rule.id, input: { enabled: false } });
  });

  it('replays days of history from the 1-minute rollups', async () => {
    const t = Date.parse('2030-05-01T00:00:00Z');
    await ingest(tdb, [
      ...burst('order', t + 3_600_000, 30, { props: { zone: 'east' } }),
      ...burst('order', t + 30 * 3_600_000, 30, { props: { zone: 'west' } }),
    ]);
    for (let i = 0; i < 3; i++) await rollUp(tdb.sql, { windowMs: 60_000, now: t + 3 * 86_400_000 });
    const result = await backtestRule({
      ctx: as('operator'),
      input: input({ ...threshold, params: { op: '>', value: 20 } }, t, t + 2 * 86_400_000),
    });
    expect(result).toMatchObject({ stepSeconds: 60, resolution: 'minute', evaluations: 2881 });
    expect(result.incidents.map((i) => [i.series, i.openedAt, i.resolvedAt])).toEqual([
      [{ zone: 'east' }, '2030-05-01T01:01:00.000Z', '2030-05-01T01:02:00.000Z'],
      [{ zone: 'west' }, '2030-05-02T06:01:00.000Z', '2030-05-02T06:02:00.000Z'],
    ]);
  });

  it('replays more than 7 days in one request, a week at a time, the series states carried across', async () => {
    await seedMetrics(tdb, [{ name: 'signups', eventTypes: ['signup'] }]);
    const from = Date.parse('2030-07-01T00:00:00Z');
    const to = from + 10 * 86_400_000;
    // A breach from 30 minutes before a stretch's end to 30 minutes after it.
    const boundary = (Math.floor(from / backtestChunkMs) + 1) * backtestChunkMs;
    await ingest(tdb, burst('signup', boundary - 1_800_000, 360, { everyMs: 10_000 }));
    while ((await tdb.sql`select 1 from rollup_dirty limit 1`).length > 0) {
      await rollUp(tdb.sql, { windowMs: 60_000, now: to + 86_400_000 });
    }
    const draft = {
      ...threshold,
      metric: 'signups',
      groupBy: [],
      window: '15m',
      params: { op: '>', value: 50 },
    };
    const result = await backtestRule({ ctx: as('operator'), input: input(draft, from, to) });
    expect(result).toMatchObject({
      resolution: 'minute',
      stepSeconds: 300,
      evaluations: 2881,
      notes: [
        `the stored 1-minute rollups of signups begin at ${new Date(boundary - 1_800_000).toISOString()}: evaluations before then saw no data`,
      ],
    });
    expect(result.evaluated).toEqual({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    expect(result.chunks.map((c) => c.to)).toEqual([
      new Date(boundary).toISOString(),
      new Date(to).toISOString(),
    ]);
    expect(result.chunks.reduce((n, c) => n + c.evaluations, 0)).toBe(2881);
    // One incident across the stretches' border: without the carried state a second would open after it.
    expect(result.incidents).toHaveLength(1);
    const [incident] = result.incidents;
    expect(Date.parse(incident?.openedAt ?? '')).toBeLessThan(boundary);
    expect(Date.parse(incident?.resolvedAt ?? '')).toBeGreaterThan(boundary);
  });

  it('falls back to the 1-hour rollups where the 1-minute ones are gone, or says why nothing was evaluated', async () => {
    await seedMetrics(tdb, [{ name: 'refunds', eventTypes: ['refund'] }]);
    const t = Date.parse('2030-09-01T10:00:00Z');
    await ingest(tdb, burst('refund', t, 360, { everyMs: 10_000 }));
    while ((await tdb.sql`select 1 from rollup_dirty limit 1`).length > 0) {
      await rollUp(tdb.sql, { windowMs: 60_000, now: t + 30 * 86_400_000 });
    }
    // Retention has removed the 1-second points and the 1-minute rollups of that day; the hourly remain.
    await tdb.sql`delete from metric_points where metric = 'refunds'`;
    await tdb.sql`delete from metric_rollups_1m where metric = 'refunds' and bucket < ${new Date(t + 86_400_000).toISOString()}::timestamptz`;
    await tdb.sql`
      insert into metric_rollups_1m (metric, group_key, dims, bucket, count, sum)
      values ('refunds', '{}', '{}', ${new Date(t + 20 * 86_400_000).toISOString()}::timestamptz, 1, 0)`;
    const hourly = {
      ...threshold,
      metric: 'refunds',
      groupBy: [],
      window: '1h',
      params: { op: '>', value: 100 },
    };
    const range = [t - 6 * 3_600_000, t + 6 * 3_600_000] as const;
    const result = await backtestRule({ ctx: as('operator'), input: input(hourly, ...range) });
    expect(result).toMatchObject({ resolution: 'hour', stepSeconds: 3600, evaluations: 13 });
    expect(result.notes).toEqual([
      expect.stringMatching(/1-minute rollups begin at .*: replayed from the 1-hour rollups/),
    ]);
    expect(result.incidents.map((i) => [i.openedAt, i.resolvedAt])).toEqual([
      ['2030-09-01T11:00:00.000Z', '2030-09-01T12:00:00.000Z'],
    ]);
    // A 5-minute window cannot be read from hourly buckets: nothing is evaluated, and the answer says so.
    const fine = { ...hourly, window: '5m' };
    const none = await backtestRule({ ctx: as('operator'), input: input(fine, ...range) });
    expect(none).toMatchObject({ evaluations: 0, evaluated: null, transitions: [], chunks: [] });
    expect(none.notes).toEqual([
      expect.stringMatching(/cannot serve a 5-minute window: nothing was evaluated/),
    ]);
  });
});
