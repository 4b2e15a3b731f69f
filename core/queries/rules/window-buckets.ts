import { sql, type SQL } from 'drizzle-orm';
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
    /**
     * Merge the 1-minute rollups into buckets this long (whole minutes, from the epoch), for a long
     * backtest whose steps and windows all fall on them: the same windows from fewer rows. Ignored for
     * sketch metrics, whose states merge here. @defaultValue 60000
     */
    binMs?: number;
  },
): Promise<BucketRow[]> {
  const kind = sketchKind(q.metric.aggregation);
  const hourMs = 3_600_000;
  const { from, to } = q.hourly
    ? { from: Math.floor(q.from / hourMs) * hourMs, to: Math.floor(q.to / hourMs) * hourMs }
    : alignRange(q, q.resolution);
  const table = q.hourly ? 'metric_rollups_1h' : resolutionTable[q.resolution];
  const range = sql`p.metric = ${q.metric.name} and p.bucket >= ${new Date(from).toISOString()}::timestamptz
      and p.bucket < ${new Date(to).toISOString()}::timestamptz`;
  type Row = {
    b: string;
    k: string;
    count: string;
    sum: number;
    min: number | null;
    max: number | null;
    bytes?: Buffer | string | null;
  };
  const rows = kind
    ? await db.execute<Row>(sql`
        select (extract(epoch from p.bucket) * 1000)::int8::text as b, p.group_key as k, ${stateColumns(kind)}
        from ${sql.identifier(table)} p where ${range}
        limit ${maxBacktestBuckets + 1}`)
    : await db.execute<Row>(mergedRows(table, range, q));
  if (rows.length > maxBacktestBuckets) {
    throw new ValidationError(
      'too much history for one backtest: shorten the range or group by less',
      'from',
    );
  }
  // Keys merged in SQL are the series' labels already, filtered there.
  const project = groupProjector(q.groupBy, kind ? q.filter : {});
  const buckets: BucketRow[] = [];
  for (const r of rows) {
    const labels = project(r.k);
    if (labels)
      buckets.push({ bucket: Number(r.b), seriesKey: seriesKeyOf(labels), labels, state: rowState(r, kind) });
  }
  return buckets;
}

/**
 * Without sketches the points are merged in SQL per series of the rule (its grouping and filter) and,
 * for a long backtest, per `binMs`: a week of a metric stored by many dimensions comes back as the
 * rule's few series. Grouped on the raw values, turned into text after (a cheaper sort).
 */
function mergedRows(
  table: string,
  range: SQL,
  q: {
    resolution: Resolution;
    groupBy: readonly string[];
    filter: Readonly<Record<string, string>>;
    hourly?: boolean;
    binMs?: number;
  },
): SQL {
  const bin = q.binMs !== undefined && q.binMs > 60_000 && q.resolution === 'minute' && !q.hourly;
  const bucket = bin
    ? sql`date_bin(${`${q.binMs! / 1000} seconds`}::interval, p.bucket, 'epoch'::timestamptz)`
    : sql`p.bucket`;
  const dims = q.groupBy.map(
    (d, i) => sql`, coalesce(p.dims->>${d}::text, '') as ${sql.identifier(`g${i}`)}`,
  );
  const labels = q.groupBy.map((d, i) => sql`${d}::text, s.${sql.identifier(`g${i}`)}`);
  const filter = Object.entries(q.filter).map(([k, v]) => sql` and p.dims->>${k}::text = ${v}::text`);
  const groups = q.groupBy.map((_, i) => sql.raw(`, ${i + 2}`));
  return sql`
    select (extract(epoch from s.bucket) * 1000)::int8::text as b,
      jsonb_build_object(${sql.join(labels, sql`, `)})::text as k,
      s.count::text as count, s.sum, s.min, s.max
    from (
      select ${bucket} as bucket${sql.join(dims, sql``)},
        sum(p.count) as count, sum(p.sum) as sum, min(p.min) as min, max(p.max) as max
      from ${sql.identifier(table)} p
      where ${range}${sql.join(filter, sql``)}
      group by 1${sql.join(groups, sql``)}
    ) s
    limit ${maxBacktestBuckets + 1}`;
}
