import type { Sql } from '@/db/client';
import { builtInMetrics, type Aggregation, type MetricDefinition } from '@/lib/metrics/definitions';

/** Reads the metric catalogue (stream metrics only; ratios are computed at query time), refreshed every few seconds so admins' edits apply without a restart. */
export function metricCatalogue(sql: Sql, refreshMs = 5_000) {
  let cached: MetricDefinition[] = [];
  let readAt = 0;
  return async (): Promise<MetricDefinition[]> => {
    if (Date.now() - readAt < refreshMs && cached.length > 0) return cached;
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
    readAt = Date.now();
    return cached;
  };
}
