import type { Sql } from '@/db/client';
import { applyTimescalePolicies, getTimescaleStatus } from '@/db/timescale';
import { rollUp } from './rollup';

/** How long each kind of data is kept, in days; README lists the defaults. */
export type Retention = {
  /** @defaultValue 30 */
  eventsDays: number;
  /** 1-second points. @defaultValue 14 */
  pointsDays: number;
  /** @defaultValue 90 */
  rollups1mDays: number;
  /** @defaultValue 730 */
  rollups1hDays: number;
  /** TimescaleDB only: compress events chunks older than this. @defaultValue 7 */
  eventsCompressAfterDays: number;
  /** TimescaleDB only: compress 1-second point chunks older than this. @defaultValue 2 */
  pointsCompressAfterDays: number;
};

/**
 * Where TimescaleDB manages the hypertables, (re)applies its compression policies and the events' retention
 * policy; returns whether it did. The 1-second points' chunks are dropped by the retention job (after the
 * rollups hold them), and elsewhere the retention job deletes old rows itself.
 */
export async function configureRetention(sql: Sql, retention: Retention): Promise<boolean> {
  const status = await getTimescaleStatus(sql);
  if (!status.active) return false;
  return applyTimescalePolicies(sql, {
    eventsRetentionDays: retention.eventsDays,
    // No policy for the 1-second points: the retention job drops their chunks itself, once rolled up.
    pointsRetentionDays: null,
    eventsCompressAfterDays: retention.eventsCompressAfterDays,
    pointsCompressAfterDays: retention.pointsCompressAfterDays,
  });
}

const tables = [
  ['events', 'ts', 'eventsDays'],
  ['metric_points', 'bucket', 'pointsDays'],
  ['metric_rollups_1m', 'bucket', 'rollups1mDays'],
  ['metric_rollups_1h', 'bucket', 'rollups1hDays'],
] as const;

/**
 * The hourly retention job: rolls up every backfilled minute still waiting first, so the 1-minute and
 * 1-hour rollups hold the 1-second points before those can be purged, then deletes what is past retention.
 */
export async function rollUpThenDeleteExpired(
  sql: Sql,
  retention: Retention,
  options: { timescaleManaged: boolean; windowMs: number },
): Promise<Record<string, number>> {
  // Bounded: a backfill still arriving keeps marking minutes; those left are spared by deleteExpired.
  for (let run = 0; run < 100; run++) {
    await rollUp(sql, { windowMs: options.windowMs });
    const [left] = await sql<{ waiting: boolean }[]>`select exists (select 1 from rollup_dirty) as waiting`;
    if (!left?.waiting) break;
  }
  return deleteExpired(sql, retention, options);
}

/** Deletes rows past retention in bounded chunks (plain PostgreSQL; hypertables drop whole chunks instead). */
export async function deleteExpired(
  sql: Sql,
  retention: Retention,
  options: { timescaleManaged: boolean },
): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  if (options.timescaleManaged) {
    // Whole chunks past retention, but none holding a minute still marked for rollup (a policy would not wait).
    const dropped = await sql<{ n: number }[]>`
      select count(*)::int as n from drop_chunks('metric_points', older_than => (
        select least(now() - ${retention.pointsDays}::float8 * interval '1 day', min(minute)) from rollup_dirty))`;
    deleted.metric_points_chunks = dropped[0]?.n ?? 0;
  }
  for (const [table, column, setting] of tables) {
    if (options.timescaleManaged && (table === 'events' || table === 'metric_points')) continue;
    let total = 0;
    for (;;) {
      // A ctid names a row only within one table: on a hypertable (kept where TimescaleDB cannot drop
      // chunks, e.g. an Apache-only build) the same ctid exists in every chunk, so tableoid must match too.
      // The ctid list keeps the TID scan; the (tableoid, ctid) filter drops the other chunks' rows.
      // 1-second points of a minute still marked for rollup are spared: its rollups do not hold them yet.
      const rolledUp =
        table === 'metric_points'
          ? sql`and not exists (select 1 from rollup_dirty d where d.minute = date_trunc('minute', bucket))`
          : sql``;
      const rows = await sql`
        with batch as materialized (
          select tableoid, ctid from ${sql(table)}
          where ${sql(column)} < now() - ${retention[setting]}::float8 * interval '1 day' ${rolledUp}
          limit 10000
        )
        delete from ${sql(table)} where ctid = any(array(select ctid from batch))
          and (tableoid, ctid) in (select tableoid, ctid from batch)
        returning 1`;
      total += rows.length;
      if (rows.length < 10_000) break;
    }
    deleted[table] = total;
  }
  return deleted;
}
