import { sql } from 'drizzle-orm';
import type { AlertMetric } from '@/lib/alerting/evaluate';
import { seriesKeyOf } from '@/lib/alerting/evaluate';
import type { Resolution } from '@/lib/alerting/kinds/kind';
import type { BucketRow } from '@/lib/alerting/memory-source';
import { sketchKind } from '@/lib/metrics/definitions';
import { ValidationError } from '@/core/errors';
import type { DbOrTx } from '@/db/tx';
import { alignRange, groupProjector, resolutionTable, rowState, stateColumns } from './window-states';

/** Most buckets one backtest loads; beyond it the grouping or the range must narrow. */
export const maxBacktestBuckets = 1_000_000;

/** A metric's buckets over a span, projected to the rule's grouping: what a backtest replays. */
export async function loadWindowBuckets(
  db: DbOrTx,
  q: {
    metric: AlertMetric;
    resolution: Resolution;
    from: number;
    to: number;
    groupBy: readonly string[];
    filter: Readonly<Record<string, string>>;
    /** Read the 1-hour rollups instead of the minute ones, where those are gone (a `minute` read only). */
    hourly?: boolean;
  },
): Promise<BucketRow[]> {
  const kind = sketchKind(q.metric.aggregation);
  const hourMs = 3_600_000;
  const { from, to } = q.hourly
    ? { from: Math.floor(q.from / hourMs) * hourMs, to: Math.floor(q.to / hourMs) * hourMs }
    : alignRange(q, q.resolution);
  const table = q.hourly ? 'metric_rollups_1h' : resolutionTable[q.resolution];
  const rows = await db.execute<{
    b: string;
    k: string;
    count: string;
    sum: number;
    min: number | null;
    max: number | null;
    bytes?: Buffer | string | null;
  }>(sql`
    select (extract(epoch from p.bucket) * 1000)::int8::text as b, p.group_key as k, ${stateColumns(kind)}
    from ${sql.identifier(table)} p
    where p.metric = ${q.metric.name} and p.bucket >= ${new Date(from).toISOString()}::timestamptz
      and p.bucket < ${new Date(to).toISOString()}::timestamptz
    ${kind ? sql`` : sql`group by 1, 2`}
    limit ${maxBacktestBuckets + 1}`);
  if (rows.length > maxBacktestBuckets) {
    throw new ValidationError(
      'too much history for one backtest: shorten the range or group by less',
      'from',
    );
  }
  const project = groupProjector(q.groupBy, q.filter);
  const buckets: BucketRow[] = [];
  for (const r of rows) {
    const labels = project(r.k);
    if (labels)
      buckets.push({ bucket: Number(r.b), seriesKey: seriesKeyOf(labels), labels, state: rowState(r, kind) });
  }
  return buckets;
}
