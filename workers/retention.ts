import type { Sql } from '@/db/client';
import { applyTimescalePolicies, getTimescaleStatus } from '@/db/timescale';

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
 * Where TimescaleDB manages the hypertables, (re)applies its compression and retention policies; returns
 * whether it did. Elsewhere the retention job deletes old rows itself.
 */
export async function configureRetention(sql: Sql, retention: Retention): Promise<boolean> {
  const status = await getTimescaleStatus(sql);
  if (!status.active) return false;
  return applyTimescalePolicies(sql, {
    eventsRetentionDays: retention.eventsDays,
    pointsRetentionDays: retention.pointsDays,
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

/** Deletes rows past retention in bounded chunks (plain PostgreSQL; hypertables drop whole chunks instead). */
export async function deleteExpired(
  sql: Sql,
  retention: Retention,
  options: { timescaleManaged: boolean },
): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const [table, column, setting] of tables) {
    if (options.timescaleManaged && (table === 'events' || table === 'metric_points')) continue;
    let total = 0;
    for (;;) {
      // A ctid names a row only within one table: on a hypertable (kept where TimescaleDB cannot drop
      // chunks, e.g. an Apache-only build) the same ctid exists in every chunk, so tableoid must match too.
      // The ctid list keeps the TID scan; the (tableoid, ctid) filter drops the other chunks' rows.
      const rows = await sql`
        with batch as materialized (
          select tableoid, ctid from ${sql(table)}
          where ${sql(column)} < now() - make_interval(days => ${retention[setting]}) limit 10000
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
