import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  deserializeSketches,
  mergeStates,
  pointValue,
  sketchKind,
  type PointState,
  type SketchKind,
} from '@/lib/metrics/definitions';
import { NotFoundError, ValidationError } from '@/core/errors';
import {
  maxBucketsPerSeries,
  stepForRange,
  stepSeconds,
  type SeriesQuery,
  type Step,
} from '@/core/services/metrics/schemas';
import { findMetric, type MetricSummary } from './list-metrics';

export type SeriesResult = {
  name: string;
  step: Step;
  series: { group: Record<string, string>; points: [string, number | null][] }[];
};

/** Checks a requested grouping against the dimensions the metric is stored by. */
export function checkGroupBy(metric: MetricSummary, group: string[]): void {
  for (const dim of group) {
    if (!metric.dimensions.includes(dim)) {
      throw new ValidationError(
        `metric ${metric.name} cannot be grouped by ${dim}; its dimensions are ${metric.dimensions.join(', ') || 'none'}`,
        'group',
      );
    }
  }
}

/** `jsonb_build_object('dim', dims->>'dim', …)`: a point's group in the requested grouping. */
export function groupProjection(group: string[]) {
  if (group.length === 0) return sql`'{}'::jsonb`;
  return sql`jsonb_build_object(${sql.join(
    group.map((d) => sql`${d}::text, dims->>${d}::text`),
    sql`, `,
  )})`;
}

/** The finest stored resolution that serves a step: 1-second points, or the 1-minute / 1-hour rollups. */
export function sourceTable(step: Step): 'metric_points' | 'metric_rollups_1m' | 'metric_rollups_1h' {
  if (stepSeconds[step] < 60) return 'metric_points';
  if (stepSeconds[step] < 3600) return 'metric_rollups_1m';
  return 'metric_rollups_1h';
}

/**
 * A metric's points merged to `step` and to the requested grouping; empty buckets are left out. The metric
 * is looked up in `db` (a metric created a moment ago is found), its points are read from `points` (a read
 * replica, where there is one).
 */
export async function metricSeries(
  db: Db,
  name: string,
  query: SeriesQuery,
  points: Db = db,
): Promise<SeriesResult> {
  const metric = await findMetric(db, name);
  if (!metric) throw new NotFoundError(`no metric named ${name}`);
  if (metric.ratioOf) return ratioSeries(db, metric, query, points);
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from) throw new ValidationError('to must be after from', 'to');
  const rangeSeconds = (to.getTime() - from.getTime()) / 1000;
  const step = query.step ?? stepForRange(rangeSeconds);
  if (rangeSeconds / stepSeconds[step] > maxBucketsPerSeries) {
    // Without a step the coarsest one was tried, so the range is what to change.
    throw query.step
      ? new ValidationError(
          `step ${step} gives more than ${maxBucketsPerSeries} buckets for this range`,
          'step',
        )
      : new ValidationError(
          `from and to span more than ${maxBucketsPerSeries} buckets even at the coarsest step, ${step}`,
          'from',
        );
  }
  const group = query.group ?? [];
  checkGroupBy(metric, group);
  const kind = sketchKind(metric.aggregation);
  if (kind) return sketchSeries(points, metric, { from, to, step, group, kind });
  const rows = await points.execute<{
    t: string;
    g: Record<string, string>;
    count: string;
    sum: number;
    min: number | null;
    max: number | null;
  }>(sql`
    select to_char(date_bin(${`${stepSeconds[step]} seconds`}::interval, bucket, timestamptz '2000-01-01')
             at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as t,
           ${groupProjection(group)} as g,
           sum(count)::text as count, sum(sum) as sum, min(min) as min, max(max) as max
    from ${sql.identifier(sourceTable(step))}
    where metric = ${name} and bucket >= ${from.toISOString()}::timestamptz and bucket <= ${to.toISOString()}::timestamptz
    group by 1, 2
    order by 2, 1`);
  const byGroup = new Map<string, SeriesResult['series'][number]>();
  for (const row of rows) {
    const key = JSON.stringify(row.g);
    let series = byGroup.get(key);
    if (!series) {
      series = { group: row.g, points: [] };
      byGroup.set(key, series);
    }
    const state: PointState = { count: Number(row.count), sum: row.sum, min: row.min, max: row.max };
    series.points.push([row.t, pointValue(metric.aggregation, state, stepSeconds[step])]);
  }
  return { name, step, series: [...byGroup.values()] };
}

/** A derived ratio: numerator / denominator per bucket and group, where the denominator is not zero. */
async function ratioSeries(
  db: Db,
  metric: MetricSummary,
  query: SeriesQuery,
  points: Db,
): Promise<SeriesResult> {
  const ratio = metric.ratioOf;
  if (!ratio) throw new ValidationError(`${metric.name} is not a ratio`);
  const step = query.step ?? stepForRange((Date.parse(query.to) - Date.parse(query.from)) / 1000);
  const [num, den] = await Promise.all([
    metricSeries(db, ratio.numerator, { ...query, step }, points),
    metricSeries(db, ratio.denominator, { ...query, step }, points),
  ]);
  const series: SeriesResult['series'] = [];
  for (const s of den.series) {
    const numerators = new Map(
      num.series.find((n) => JSON.stringify(n.group) === JSON.stringify(s.group))?.points,
    );
    const points: [string, number | null][] = [];
    for (const [ts, d] of s.points) {
      if (!d) continue;
      points.push([ts, ((numerators.get(ts) ?? 0) / d) * ratio.scale]);
    }
    if (points.length > 0) series.push({ group: s.group, points });
  }
  return { name: metric.name, step: num.step, series };
}

/**
 * Percentiles, distinct counts and top-K merge their sketches here: the rows of the range are read with
 * their sketch column and merged per output bucket and group.
 */
async function sketchSeries(
  db: Db,
  metric: MetricSummary,
  q: { from: Date; to: Date; step: Step; group: string[]; kind: SketchKind },
): Promise<SeriesResult> {
  const rows = await db.execute<{
    t: string;
    g: Record<string, string>;
    count: string;
    sum: number;
    min: number | null;
    max: number | null;
    bytes: Buffer | null;
  }>(sql`
    select to_char(date_bin(${`${stepSeconds[q.step]} seconds`}::interval, bucket, timestamptz '2000-01-01')
             at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as t,
           ${groupProjection(q.group)} as g, count::text as count, sum, min, max, ${sql.identifier(q.kind)} as bytes
    from ${sql.identifier(sourceTable(q.step))}
    where metric = ${metric.name} and bucket >= ${q.from.toISOString()}::timestamptz
      and bucket <= ${q.to.toISOString()}::timestamptz
    order by 2, 1`);
  const byGroup = new Map<string, { group: Record<string, string>; buckets: Map<string, PointState> }>();
  for (const row of rows) {
    const key = JSON.stringify(row.g);
    let entry = byGroup.get(key);
    if (!entry) byGroup.set(key, (entry = { group: row.g, buckets: new Map() }));
    let state = entry.buckets.get(row.t);
    if (!state) entry.buckets.set(row.t, (state = { count: 0, sum: 0, min: null, max: null }));
    const bytes = row.bytes ? asBytes(row.bytes) : null;
    mergeStates(state, {
      count: Number(row.count),
      sum: row.sum,
      min: row.min,
      max: row.max,
      ...deserializeSketches({ [q.kind]: bytes }),
    });
  }
  return {
    name: metric.name,
    step: q.step,
    series: [...byGroup.values()].map(({ group, buckets }) => ({
      group,
      points: [...buckets].map(([t, state]) => [
        t,
        pointValue(metric.aggregation, state, stepSeconds[q.step]),
      ]),
    })),
  };
}

/** drizzle hands bytea back as a Buffer, or as `\x…` hex text when its own parsers are in place. */
export function asBytes(value: Buffer | string): Uint8Array {
  if (typeof value === 'string') return Buffer.from(value.startsWith('\\x') ? value.slice(2) : value, 'hex');
  return value;
}
