import { sql, type SQL } from 'drizzle-orm';
import { addToSeries, type SeriesStates, type WindowRead, type WindowSource } from '@/lib/alerting/evaluate';
import type { Resolution } from '@/lib/alerting/kinds/kind';
import type { SeriesLabels } from '@/lib/alerting/types';
import { deserializeSketches, sketchKind, type PointState } from '@/lib/metrics/definitions';
import { asBytes } from '@/core/queries/metrics/metric-series';
import type { DbOrTx } from '@/db/tx';

export const resolutionTable: Record<Resolution, 'metric_points' | 'metric_rollups_1m'> = {
  second: 'metric_points',
  minute: 'metric_rollups_1m',
};

const minuteMs = 60_000;

/** Minute rollups answer whole minutes only: their ranges are floored to the minute. */
export function alignRange(range: { from: number; to: number }, resolution: Resolution) {
  if (resolution === 'second') return range;
  return {
    from: Math.floor(range.from / minuteMs) * minuteMs,
    to: Math.floor(range.to / minuteMs) * minuteMs,
  };
}

/**
 * Maps a stored group key (the canonical JSON of a point's dims) to the labels of the rule's series, or
 * null when the filter excludes it. Each distinct key is parsed once: the SQL stays free of jsonb work,
 * which costs more than the aggregation itself on long windows.
 */
export function groupProjector(groupBy: readonly string[], filter: Readonly<Record<string, string>>) {
  const seen = new Map<string, SeriesLabels | null>();
  return (groupKey: string): SeriesLabels | null => {
    let labels = seen.get(groupKey);
    if (labels === undefined) {
      const dims = JSON.parse(groupKey) as Record<string, string>;
      const kept = Object.entries(filter).every(([k, v]) => dims[k] === v);
      labels = kept ? Object.fromEntries(groupBy.map((d) => [d, dims[d] ?? ''])) : null;
      seen.set(groupKey, labels);
    }
    return labels;
  };
}

type Row = {
  i: number;
  k: string;
  count: string;
  sum: number;
  min: number | null;
  max: number | null;
  bytes?: Buffer | string | null;
};

export function rowState(row: Omit<Row, 'i' | 'k'>, kind: ReturnType<typeof sketchKind>): PointState {
  return {
    count: Number(row.count),
    sum: row.sum,
    min: row.min,
    max: row.max,
    ...(kind ? deserializeSketches({ [kind]: row.bytes ? asBytes(row.bytes) : null }) : {}),
  };
}

/** Columns of the aggregated (or, for sketch metrics, the raw) points. */
export function stateColumns(kind: ReturnType<typeof sketchKind>): SQL {
  return kind
    ? sql`p.count::text as count, p.sum, p.min, p.max, p.${sql.identifier(kind)} as bytes`
    : sql`sum(p.count)::text as count, sum(p.sum) as sum, min(p.min) as min, max(p.max) as max`;
}

/**
 * Every window of a rule evaluation in one statement per resolution: the ranges are a VALUES list joined
 * to the points, which the (metric, bucket) index serves, aggregated per stored group. Sketch metrics
 * return their rows unmerged and the sketches merge here, as in the series query.
 */
export async function readWindowStates(db: DbOrTx, query: WindowRead): Promise<SeriesStates[]> {
  const results: SeriesStates[] = query.ranges.map((): SeriesStates => new Map());
  const kind = sketchKind(query.metric.aggregation);
  const project = groupProjector(query.groupBy, query.filter);
  for (const resolution of ['second', 'minute'] as const) {
    const wanted = query.ranges.flatMap((range, i) =>
      range.resolution === resolution ? [{ range, i }] : [],
    );
    if (wanted.length === 0) continue;
    const values = sql.join(
      wanted.map(({ range, i }) => {
        const { from, to } = alignRange(range, resolution);
        return sql`(${i}::int, ${new Date(from).toISOString()}::timestamptz, ${new Date(to).toISOString()}::timestamptz)`;
      }),
      sql`, `,
    );
    const rows = await db.execute<Row>(sql`
      select r.i, p.group_key as k, ${stateColumns(kind)}
      from (values ${values}) as r(i, f, t)
      join ${sql.identifier(resolutionTable[resolution])} p
        on p.metric = ${query.metric.name} and p.bucket >= r.f and p.bucket < r.t
      ${kind ? sql`` : sql`group by 1, 2`}`);
    for (const row of rows) {
      const labels = project(row.k);
      const target = results[row.i];
      if (labels && target) addToSeries(target, labels, rowState(row, kind));
    }
  }
  return results;
}

/** The live engine's source: windows read straight from the points and rollups. */
export function sqlWindowSource(db: DbOrTx): WindowSource {
  return { read: (query) => readWindowStates(db, query) };
}
