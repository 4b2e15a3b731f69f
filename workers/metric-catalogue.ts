import type { Sql } from '@/db/client';
import type { Aggregation, MetricDefinition } from '@/lib/metrics/definitions';

/** Reads the metric catalogue, refreshed every few seconds so admins' edits apply without a restart. */
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
    cached = rows.map((r) => ({
      name: r.name,
      eventTypes: r.event_types,
      aggregation: r.aggregation,
      valueField: r.value_field,
      dimensions: r.dimensions,
      defaultGroupBy: r.default_group_by,
    }));
    readAt = Date.now();
    return cached;
  };
}
