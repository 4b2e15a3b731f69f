import type { Sql } from '@/db/client';
import { builtInMetrics, type Aggregation, type MetricDefinition } from '@/lib/metrics/definitions';

/** Reads the stream metrics' definitions (ratios are computed at query time), built-ins first. */
export async function readMetricDefinitions(sql: Sql): Promise<MetricDefinition[]> {
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
  return [...builtInMetrics.filter((b) => !defined.some((d) => d.name === b.name)), ...defined];
}

/**
 * The workers' one copy of the metric catalogue. Each call reads the one-row version that every change
 * to `metrics` bumps in its own transaction (migration 0012) and re-reads the definitions only when it
 * moved: a metric committed before an event was accepted counts that event, with no time-based staleness.
 */
export function metricCatalogue(sql: Sql): () => Promise<MetricDefinition[]> {
  let cached: MetricDefinition[] = [];
  let version: string | null = null;
  return async () => {
    const [row] = await sql<{ version: string }[]>`select version::text from metric_catalogue_version`;
    if (row && row.version === version) return cached;
    // A change between the two reads leaves `version` behind the definitions: the next call re-reads.
    cached = await readMetricDefinitions(sql);
    version = row?.version ?? null;
    return cached;
  };
}
