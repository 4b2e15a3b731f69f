import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/tx';

export type PipelineCounts = {
  /** How long ago the newest 1-second point of `events` is, within a day; null when there is none. */
  newest_ms: number | null;
  /** Deliveries that failed for good or went dead in the last hour, and those still under way. */
  failed: number;
  dead: number;
  pending: number;
};

/**
 * What the Pipeline page reads from the database every 2 s, in one statement. Each part is an index read
 * (the failed and dead counts through `deliveries_final_idx`), whatever the size of the delivery log.
 */
export async function pipelineCounts(db: DbOrTx): Promise<PipelineCounts | undefined> {
  const rows = await db.execute<PipelineCounts>(sql`
    select
      (select (extract(epoch from now() - max(bucket)) * 1000)::float8 from metric_points
        where metric = 'events' and bucket > now() - interval '1 day') as newest_ms,
      (select count(*)::int from deliveries
        where status = 'failed' and updated_at > now() - interval '1 hour') as failed,
      (select count(*)::int from deliveries
        where status = 'dead' and updated_at > now() - interval '1 hour') as dead,
      (select count(*)::int from deliveries where status in ('queued', 'sending', 'retrying')) as pending`);
  return rows[0];
}
