import { asc } from 'drizzle-orm';
import { metrics } from '@/db/schema';
import type { Db } from '@/db/client';
import type { MetricDefinition } from '@/lib/metrics/definitions';

export type MetricSummary = MetricDefinition & { description: string; unit: string; builtIn: boolean };

export async function listMetrics(db: Db): Promise<MetricSummary[]> {
  const rows = await db.select().from(metrics).orderBy(asc(metrics.name));
  return rows.map((r) => ({
    name: r.name,
    description: r.description,
    eventTypes: r.eventTypes,
    aggregation: r.aggregation,
    valueField: r.valueField,
    dimensions: r.dimensions,
    defaultGroupBy: r.defaultGroupBy,
    unit: r.unit,
    builtIn: r.builtIn,
  }));
}

let cache: { at: number; metrics: Promise<MetricSummary[]> } | null = null;

/** The catalogue, cached for a few seconds for the socket layer and the series endpoint. */
export function cachedMetrics(db: Db): Promise<MetricSummary[]> {
  if (!cache || Date.now() - cache.at > 5_000) {
    const pending = listMetrics(db);
    cache = { at: Date.now(), metrics: pending };
    pending.catch(() => (cache = null));
  }
  return cache.metrics;
}

export async function findMetric(db: Db, name: string): Promise<MetricSummary | null> {
  return (await cachedMetrics(db)).find((m) => m.name === name) ?? null;
}
