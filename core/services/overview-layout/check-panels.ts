import { inArray } from 'drizzle-orm';
import { metrics } from '@/db/schema';
import type { Db } from '@/db/client';
import { ValidationError } from '@/core/errors';
import { metricOfPanel, type OverviewLayoutInput } from './schemas';

/** A metric panel must name a metric of the catalogue; the 400 names the offending entry, e.g. `kpis.2`. */
export async function checkPanels(db: Db, input: OverviewLayoutInput): Promise<void> {
  const named = [...input.kpis, ...input.charts].map(metricOfPanel).filter((m): m is string => m !== null);
  if (named.length === 0) return;
  const found = await db
    .select({ name: metrics.name })
    .from(metrics)
    .where(inArray(metrics.name, [...new Set(named)]));
  const known = new Set(found.map((r) => r.name));
  for (const field of ['kpis', 'charts'] as const) {
    input[field].forEach((id, i) => {
      const metric = metricOfPanel(id);
      if (metric !== null && !known.has(metric))
        throw new ValidationError(`no metric named ${metric} in the catalogue`, `${field}.${i}`);
    });
  }
}
