import { asc } from 'drizzle-orm';
import { metrics } from '@/db/schema';
import type { Db } from '@/db/client';
import type { MetricDefinition } from '@/lib/metrics/definitions';

export type MetricSummary = MetricDefinition & {
  description: string;
  unit: string;
  builtIn: boolean;
  /** Seeded by the demo as an example (shown with a Demo badge); editable and removable like any other. */
  demo: boolean;
  ratioOf: { numerator: string; denominator: string; scale: number } | null;
};

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
    demo: r.demo,
    ratioOf: r.ratioOf ?? null,
  }));
}

// On globalThis: Next.js bundles the route handlers apart from the custom server's socket layer, and a
// change made through one must be seen by the other at once.
const cacheKey = Symbol.for('pulseboard.metric-catalogue');
type CacheHolder = { [cacheKey]?: { at: number; metrics: Promise<MetricSummary[]> } | null };
const holder = globalThis as CacheHolder;

/** The catalogue, cached for a few seconds for the socket layer and the series endpoint. */
export function cachedMetrics(db: Db, options: { fresh?: boolean } = {}): Promise<MetricSummary[]> {
  const cache = holder[cacheKey];
  if (options.fresh || !cache || Date.now() - cache.at > 5_000) {
    const pending = listMetrics(db);
    holder[cacheKey] = { at: Date.now(), metrics: pending };
    pending.catch(() => (holder[cacheKey] = null));
    return pending;
  }
  return cache.metrics;
}

export async function findMetric(
  db: Db,
  name: string,
  options: { fresh?: boolean } = {},
): Promise<MetricSummary | null> {
  return (await cachedMetrics(db, options)).find((m) => m.name === name) ?? null;
}

/** Drops this process's cached catalogue after a change (other processes refresh within 5 s). */
export function forgetCachedMetrics(): void {
  holder[cacheKey] = null;
}
