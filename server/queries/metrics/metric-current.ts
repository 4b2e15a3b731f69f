import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { pointValue } from '@/lib/metrics/definitions';
import { NotFoundError } from '@/server/errors';
import { windowSeconds, type CurrentQuery } from '@/server/services/metrics/schemas';
import { checkGroupBy } from './metric-series';
import { findMetric } from './list-metrics';

export type CurrentResult = {
  name: string;
  window: CurrentQuery['window'];
  value: number | null;
  series: { group: Record<string, string>; value: number | null }[];
};

/** The rolling value over the last window (a count metric: the events in it). */
export async function metricCurrent(db: Db, name: string, query: CurrentQuery): Promise<CurrentResult> {
  const metric = await findMetric(db, name);
  if (!metric) throw new NotFoundError(`no metric named ${name}`);
  const group = query.group ?? [];
  checkGroupBy(metric, group);
  const seconds = windowSeconds[query.window];
  const projection =
    group.length === 0
      ? sql`'{}'::jsonb`
      : sql`jsonb_build_object(${sql.join(
          group.map((d) => sql`${d}::text, dims->>${d}::text`),
          sql`, `,
        )})`;
  const rows = await db.execute<{
    g: Record<string, string>;
    count: string;
    sum: number;
    min: number | null;
    max: number | null;
  }>(sql`
    select ${projection} as g, sum(count)::text as count, sum(sum) as sum, min(min) as min, max(max) as max
    from metric_points
    where metric = ${name} and bucket > now() - make_interval(secs => ${seconds})
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
