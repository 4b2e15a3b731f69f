import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInMetrics } from '@/lib/metrics/definitions';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { processBatch } from './ingest/process-batch';
import { getTimescaleStatus } from '@/db/timescale';
import { configureRetention, deleteExpired, rollUpThenDeleteExpired } from './retention';
import { rollUp } from './rollup';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

const sumOf = async (table: string, type: string) => {
  const rows = await tdb.sql<{ b: string; n: string }[]>`
    select to_char(bucket at time zone 'UTC', 'HH24:MI') as b, sum(count)::text as n from ${tdb.sql(table)}
    where metric = 'events' and dims->>'type' = ${type} group by 1 order by 1`;
  return rows.map((r) => [r.b, Number(r.n)]);
};

describe('rollups', () => {
  it('rebuilds 1-minute and 1-hour rollups of the recent window from the 1-second points, idempotently', async () => {
    const now = Date.parse('2030-01-01T10:03:30Z');
    const ts = (m: number, s: number) => Date.parse(`2030-01-01T10:0${m}:${String(s).padStart(2, '0')}Z`);
    const events = [ts(0, 1), ts(0, 59), ts(1, 0), ts(2, 30), ts(2, 31), ts(3, 5)].map((t, i) => ({
      id: `r${i}`,
      type: 'roll',
      ts: t,
      value: i,
    }));
    const job = { source: 's', keyId: 'k', backfill: false, receivedAt: now, events };
    await processBatch(tdb.sql, [job], { latenessMs: 300_000, metrics: builtInMetrics });
    await rollUp(tdb.sql, { windowMs: 420_000, now });
    await rollUp(tdb.sql, { windowMs: 420_000, now });
    expect(await sumOf('metric_rollups_1m', 'roll')).toEqual([
      ['10:00', 2],
      ['10:01', 1],
      ['10:02', 2],
      ['10:03', 1],
    ]);
    expect(await sumOf('metric_rollups_1h', 'roll')).toEqual([['10:00', 6]]);
    // A late event inside the allowed lateness lands in its minute at the next run.
    const late = {
      ...job,
      receivedAt: now + 10_000,
      events: [{ id: 'r-late', type: 'roll', ts: ts(1, 10) }],
    };
    await processBatch(tdb.sql, [late], { latenessMs: 300_000, metrics: builtInMetrics });
    await rollUp(tdb.sql, { windowMs: 420_000, now: now + 10_000 });
    expect((await sumOf('metric_rollups_1m', 'roll'))[1]).toEqual(['10:01', 2]);
  });

  it('rolls up backfilled history that lies outside the sliding window', async () => {
    const old = Date.parse('2014-07-01T10:15:20Z');
    const job = {
      source: 's',
      keyId: 'k',
      backfill: true,
      receivedAt: Date.now(),
      events: [
        { id: 'h1', type: 'hist', ts: old },
        { id: 'h2', type: 'hist', ts: old + 5_000 },
      ],
    };
    await processBatch(tdb.sql, [job], { latenessMs: 300_000, metrics: builtInMetrics });
    await rollUp(tdb.sql, { windowMs: 420_000 });
    expect(await sumOf('metric_rollups_1m', 'hist')).toEqual([['10:15', 2]]);
    expect(await sumOf('metric_rollups_1h', 'hist')).toEqual([['10:00', 2]]);
    const [left] = await tdb.sql<{ n: string }[]>`select count(*)::text as n from rollup_dirty`;
    expect(left?.n).toBe('0');
  });

  it('deletes rows past retention on plain PostgreSQL, and keeps rollups longer than 1-second points', async () => {
    const deleted = await deleteExpired(
      tdb.sql,
      {
        eventsDays: 30,
        pointsDays: 14,
        rollups1mDays: 90,
        rollups1hDays: 365 * 20,
        eventsCompressAfterDays: 7,
        pointsCompressAfterDays: 2,
      },
      { timescaleManaged: false },
    );
    expect(deleted).toMatchObject({
      events: 2,
      metric_points: 2,
      metric_rollups_1m: 1,
      metric_rollups_1h: 0,
    });
    expect(await sumOf('metric_rollups_1h', 'hist')).toEqual([['10:00', 2]]);
    // Only the expired rows: on a hypertable a ctid repeats in every chunk, and the 2030 rows share them.
    const [kept] = await tdb.sql<{ events: number; points: number }[]>`
      select (select count(*)::int from events where type = 'roll') as events,
        (select count(*)::int from metric_points where metric = 'events' and dims->>'type' = 'roll') as points`;
    expect(kept).toEqual({ events: 7, points: 7 });
  });

  it('reads only the rolled-up range of the 1-second points and 1-minute rollups, by an index on bucket', async () => {
    // Three days of points in another metric: the rollup of one backfilled minute must not scan them.
    for (const table of ['metric_points', 'metric_rollups_1m'] as const) {
      await tdb.sql`
        insert into ${tdb.sql(table)} (metric, group_key, dims, bucket, count, sum)
        select 'bulk', '{"n":"' || (i % 4) || '"}', jsonb_build_object('n', (i % 4)::text),
          '2031-03-01T00:00:00Z'::timestamptz + make_interval(secs => i * 2), 1, 1
        from generate_series(0, 129599) as i`;
      await tdb.sql`analyze ${tdb.sql(table)}`;
    }
    const scans = (node: PlanNode): string[] => [
      ...(node['Relation Name'] ? [`${node['Node Type']} ${node['Relation Name']}`] : []),
      ...(node.Plans ?? []).flatMap(scans),
    ];
    for (const table of ['metric_points', 'metric_rollups_1m'] as const) {
      const [row] = await tdb.sql<{ 'QUERY PLAN': { Plan: PlanNode }[] }[]>`
        explain (analyze, buffers, format json) select metric, group_key, date_trunc('minute', bucket), sum(count)
        from ${tdb.sql(table)}
        where bucket >= ${'2031-03-02T10:15:00Z'}::timestamptz and bucket < ${'2031-03-02T10:16:00Z'}::timestamptz
        group by 1, 2, 3`;
      const plan = row?.['QUERY PLAN'][0]?.Plan;
      expect(plan).toBeDefined();
      const found = scans(plan as PlanNode);
      expect(found.length).toBeGreaterThan(0);
      expect(found.filter((s) => s.startsWith('Seq Scan'))).toEqual([]);
      // A minute's 30 rows sit in a few pages; the whole table (or a whole index) is hundreds.
      const pages = (plan?.['Shared Hit Blocks'] ?? 0) + (plan?.['Shared Read Blocks'] ?? 0);
      expect(pages).toBeLessThan(40);
    }
  });
});

describe('retention of backfilled history', () => {
  const retention = {
    eventsDays: 30,
    pointsDays: 14,
    rollups1mDays: 90,
    rollups1hDays: 730,
    eventsCompressAfterDays: 7,
    pointsCompressAfterDays: 2,
  };
  const backfill = async (type: string, ts: number) => {
    const events = [0, 1, 2].map((i) => ({ id: `${type}-${i}`, type, ts: ts + i * 1000 }));
    const job = { source: 's', keyId: 'k', backfill: true, receivedAt: Date.now(), events };
    await processBatch(tdb.sql, [job], { latenessMs: 300_000, metrics: builtInMetrics });
  };
  const counted = async (table: string, type: string) => {
    const [row] = await tdb.sql<{ n: string }[]>`
      select coalesce(sum(count), 0)::text as n from ${tdb.sql(table)}
      where metric = 'events' and dims->>'type' = ${type}`;
    return Number(row?.n);
  };

  it('rolls up backfilled 1-second points older than their retention before purging them', async () => {
    // 20 days old: inside the events' 30 days, past the 1-second points' 14.
    await backfill('aged', Date.now() - 20 * 86_400_000);
    await rollUpThenDeleteExpired(tdb.sql, retention, { timescaleManaged: false, windowMs: 420_000 });
    expect(await counted('metric_rollups_1m', 'aged')).toBe(3);
    expect(await counted('metric_rollups_1h', 'aged')).toBe(3);
    expect(await counted('metric_points', 'aged')).toBe(0);
  });

  it('spares the 1-second points of minutes not yet rolled up', async () => {
    await backfill('waiting', Date.now() - 20 * 86_400_000);
    const deleted = await deleteExpired(tdb.sql, retention, { timescaleManaged: false });
    expect(deleted.metric_points).toBe(0);
    expect(await counted('metric_points', 'waiting')).toBe(3);
    await rollUp(tdb.sql, { windowMs: 420_000 });
    expect(await counted('metric_rollups_1h', 'waiting')).toBe(3);
    await deleteExpired(tdb.sql, retention, { timescaleManaged: false });
    expect(await counted('metric_points', 'waiting')).toBe(0);
  });

  it('TimescaleDB: drops 1-second point chunks only once their minutes are rolled up, with no policy racing it', async () => {
    if (!(await getTimescaleStatus(tdb.sql)).active) return;
    expect(await configureRetention(tdb.sql, retention)).toBe(true);
    const policies = await tdb.sql`
      select proc_name from timescaledb_information.jobs
      where hypertable_name = 'metric_points' and proc_name = 'policy_retention'`;
    expect(policies).toEqual([]);
    await backfill('chunked', Date.now() - 20 * 86_400_000);
    await deleteExpired(tdb.sql, retention, { timescaleManaged: true });
    expect(await counted('metric_points', 'chunked')).toBe(3);
    await rollUpThenDeleteExpired(tdb.sql, retention, { timescaleManaged: true, windowMs: 420_000 });
    expect(await counted('metric_points', 'chunked')).toBe(0);
    expect(await counted('metric_rollups_1h', 'chunked')).toBe(3);
  });
});

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
};
