import { and, eq, gt, sql } from 'drizzle-orm';
import { metricPoints } from '@/db/schema';
import type { Db } from '@/db/client';

/**
 * Whether any event arrived in the last `windowMs` (a 1-second point of the built-in `events` metric),
 * so the overview can put its empty state into the first paint. One index probe, empty table or not.
 */
export async function hasRecentEvents(db: Db, windowMs = 5 * 60_000): Promise<boolean> {
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(metricPoints)
    .where(
      and(
        eq(metricPoints.metric, 'events'),
        gt(metricPoints.bucket, sql`now() - make_interval(secs => ${windowMs / 1000})`),
      ),
    )
    .limit(1);
  return rows.length > 0;
}
