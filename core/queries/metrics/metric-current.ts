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
import { NotFoundError } from '@/core/errors';
import { windowSeconds, type CurrentQuery } from '@/core/services/metrics/schemas';
import { asBytes, checkGroupBy, groupProjection } from './metric-series';
import type { MetricSummary } from './list-metrics';
import { findMetric } from './list-metrics';

export type CurrentResult = {
  name: string;
  window: CurrentQuery['window'];
  value: number | null;
  series: { group: Record<string, string>; value: number | null }[];
  /** Top-K metrics: the heaviest items of the window, with each count's error bound. */
  top?: { item: string; count: number; error: number }[];
};

/** The rolling value over the last window (a count metric: the events in it). */
export async function metricCurrent(db: Db, name: string, query: CurrentQuery): Promise<CurrentResult> {
  const metric = await findMetric(db, name);
  if (!metric) throw new NotFoundError(`no metric named ${name}`);
  if (metric.ratioOf) return ratioCurrent(db, metric, query);
  const group = query.group ?? [];
  checkGroupBy(metric, group);
  const seconds = windowSeconds[query.window];
  const kind = sketchKind(metric.aggregation);
  if (kind) {
    const to = new Date();
    const from = new Date(to.getTime() - seconds * 1000 + 1);
    return mergeSketchWindow(db, metric, { from, to, group, kind, window: query.window, seconds });
  }
  const projection = groupProjection(group);
  const rows = await db.execute<{
    g: Record<string, string>;
    count: string;
    sum: number;
    min: number | null;
    max: number | null;
  }>(sql`
    select ${projection} as g, sum(count)::text as count, sum(sum) as sum, min(min) as min, max(max) as max
    from metric_points
    where metric = ${name} and bucket > now() - make_interval(secs => ${seconds}) and bucket <= now()
    group by 1 order by 1`);
  const total = { count: 0, sum: 0, min: null as number | null, max: null as number | null };
  const series = rows.map((r) => {
    const state = { count: Number(r.count), sum: r.sum, min: r.min, max: r.max };
    total.count += state.count;
    total.sum += state.sum;
    if (state.min !== null) total.min = total.min === null ? state.min : Math.min(total.min, state.min);
    if (state.max !== null) total.max = total.max === null ? state.max : Math.max(total.max, state.max);
    return { group: r.g, value: pointValue(metric.aggregation, state, seconds) };
  });
  return { name, window: query.window, value: pointValue(metric.aggregation, total, seconds), series };
}

/** Sketch metrics over a rolling window: every 1-second sketch of the window merged per group and in total. */
async function mergeSketchWindow(
  db: Db,
  metric: MetricSummary,
  q: {
    from: Date;
    to: Date;
    group: string[];
    kind: SketchKind;
    window: CurrentQuery['window'];
    seconds: number;
  },
): Promise<CurrentResult> {
  const projection = groupProjection(q.group);
  const rows = await db.execute<{
    g: Record<string, string>;
    count: string;
    sum: number;
    min: number | null;
    max: number | null;
    bytes: Buffer | string | null;
  }>(sql`
    select ${projection} as g, count::text as count, sum, min, max, ${sql.identifier(q.kind)} as bytes
    from metric_points
    where metric = ${metric.name} and bucket > ${q.from.toISOString()}::timestamptz
      and bucket <= ${q.to.toISOString()}::timestamptz`);
  const total: PointState = { count: 0, sum: 0, min: null, max: null };
  const groups = new Map<string, { group: Record<string, string>; state: PointState }>();
  for (const row of rows) {
    const part: PointState = {
      count: Number(row.count),
      sum: row.sum,
      min: row.min,
      max: row.max,
      ...deserializeSketches({ [q.kind]: row.bytes ? asBytes(row.bytes) : null }),
    };
    const key = JSON.stringify(row.g);
    let entry = groups.get(key);
    if (!entry)
      groups.set(key, (entry = { group: row.g, state: { count: 0, sum: 0, min: null, max: null } }));
    mergeStates(entry.state, part);
    mergeStates(total, part);
  }
  return {
    name: metric.name,
    window: q.window,
    value: pointValue(metric.aggregation, total, q.seconds),
    series: [...groups.values()].map((g) => ({
      group: g.group,
      value: pointValue(metric.aggregation, g.state, q.seconds),
    })),
    ...(total.topk ? { top: total.topk.top(10) } : {}),
  };
}

/** A derived ratio over the window: numerator / denominator, in total and per group. */
async function ratioCurrent(db: Db, metric: MetricSummary, query: CurrentQuery): Promise<CurrentResult> {
  const ratio = metric.ratioOf;
  if (!ratio) throw new NotFoundError(`${metric.name} is not a ratio`);
  const [num, den] = await Promise.all([
    metricCurrent(db, ratio.numerator, query),
    metricCurrent(db, ratio.denominator, query),
  ]);
  const divide = (n: number | null | undefined, d: number | null) =>
    d ? ((n ?? 0) / d) * ratio.scale : null;
  const numerators = new Map(num.series.map((s) => [JSON.stringify(s.group), s.value]));
  return {
    name: metric.name,
    window: query.window,
    value: divide(num.value, den.value),
    series: den.series.map((s) => ({
      group: s.group,
      value: divide(numerators.get(JSON.stringify(s.group)), s.value),
    })),
  };
}
