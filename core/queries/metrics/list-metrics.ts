import { asc, inArray } from 'drizzle-orm';
import { metrics } from '@/db/schema';
import type { Db } from '@/db/client';
import type { DbOrTx } from '@/db/tx';
import type { MetricDefinition } from '@/lib/metrics/definitions';

export type MetricSummary = MetricDefinition & {
  description: string;
  unit: string;
  builtIn: boolean;
  /** Seeded by the demo as an example (shown with a Demo badge); editable and removable like any other. */
  demo: boolean;
  ratioOf: { numerator: string; denominator: string; scale: number } | null;
};

export async function listMetrics(db: DbOrTx): Promise<MetricSummary[]> {
  const rows = await db.select().from(metrics).orderBy(asc(metrics.name));
  return rows.map(toSummary);
}

function toSummary(r: typeof metrics.$inferSelect): MetricSummary {
  return {
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
  };
}

/** The named metrics (those that exist), read afresh: the web process keeps no copy of the catalogue. */
export async function findMetrics(db: Db, names: readonly string[]): Promise<MetricSummary[]> {
  if (names.length === 0) return [];
  const rows = await db
    .select()
    .from(metrics)
    .where(inArray(metrics.name, [...new Set(names)]));
  return rows.map(toSummary);
}

export async function findMetric(db: Db, name: string): Promise<MetricSummary | null> {
  return (await findMetrics(db, [name]))[0] ?? null;
}
