import type { Sql } from '@/db/client';
import { builtInMetrics, type Aggregation, type MetricDefinition } from '@/lib/metrics/definitions';

/**
 * Reads the metric catalogue (stream metrics only; ratios are computed at query time). Each call first
 * reads a one-row fingerprint of the table and re-reads the definitions only when it changed, so a
 * metric created (or edited) before an event was accepted counts that event. A time-based cache did not:
 * events sent within 5 s of the last read were stored but never counted in a new metric, and its alert
 * rule never fired (test/faults: the Slack scenario after the worker crash).
 */
export function metricCatalogue(sql: Sql, maxAgeMs = 60_000) {
  let cached: MetricDefinition[] = [];
  let fingerprint: string | null = null;
  let readAt = 0;
  return async (): Promise<MetricDefinition[]> => {
    const [now] = await sql<{ fingerprint: string }[]>`
      select count(*) || ':' || md5(coalesce(string_agg(name || '@' || updated_at::text, ',' order by name), ''))
        as fingerprint
      from metrics`;
    if (now?.fingerprint === fingerprint && Date.now() - readAt < maxAgeMs) return cached;
    const rows = await sql<
      {
        name: string;
        event_types: string[];
        aggregation: Aggregation;
        value_field: string | null;
        dimensions: string[];
        default_group_by: string[];
      }[]
    >`select name, event_types, aggregation, value_field, dimensions, default_group_by from metrics
      where ratio_of is null`;
    const defined = rows.map((r) => ({
      name: r.name,
      eventTypes: r.event_types,
      aggregation: r.aggregation,
      valueField: r.value_field,
      dimensions: r.dimensions,
      defaultGroupBy: r.default_group_by,
    }));
    // Built-ins count from the first event even before the web process has seeded the catalogue.
    cached = [...builtInMetrics.filter((b) => !defined.some((d) => d.name === b.name)), ...defined];
    fingerprint = now?.fingerprint ?? null;
    readAt = Date.now();
    return cached;
  };
}
