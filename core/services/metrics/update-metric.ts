import { eq } from 'drizzle-orm';
import { lockCatalogue } from './catalogue-lock';
import { metrics } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError, ValidationError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import { findMetric, listMetrics, type MetricSummary } from '@/core/queries/metrics/list-metrics';
import { changesNothing } from '@/core/services/unchanged';
import { checkRulesSurvive } from './check-rules-survive';
import { checkRatio, type MetricContext } from './create-metric';
import type { UpdateMetricInput } from './schemas';

/** Built-in metrics keep their meaning; only their description and unit may change. */
const builtInEditable = new Set(['description', 'unit']);

export async function updateMetric({
  ctx,
  name,
  input,
}: {
  ctx: MetricContext;
  name: string;
  input: UpdateMetricInput;
}): Promise<MetricSummary> {
  const actor = requireRole(ctx.actor, 'admin');
  const rows = await ctx.db.select().from(metrics).where(eq(metrics.name, name)).limit(1);
  const current = rows[0];
  if (!current) throw new NotFoundError(`no metric named ${name}`);
  const view = async () => {
    const found = await findMetric(ctx.db, name);
    if (!found) throw new NotFoundError(`no metric named ${name}`);
    return found;
  };
  if (changesNothing(current, input)) return view();
  if (current.builtIn) {
    const locked = Object.keys(input).find((k) => !builtInEditable.has(k));
    if (locked) throw new ValidationError(`${locked} of a built-in metric cannot change`, locked);
  }
  const merged = { ...current, ...input };
  const stillValid = merged.defaultGroupBy.find((d) => !merged.dimensions.includes(d));
  if (stillValid) throw new ValidationError(`${stillValid} is not one of the dimensions`, 'defaultGroupBy');
  await ctx.db.transaction(async (tx) => {
    await lockCatalogue(tx);
    if (input.ratioOf !== undefined) await checkRatio(tx, name, input.ratioOf);
    // A changed aggregation, value field or set of dimensions may no longer fit the rules built on it.
    const catalogue = await listMetrics(tx);
    const changed = catalogue.map((m) => (m.name === name ? { ...m, ...input } : m));
    await checkRulesSurvive(tx, catalogue, changed);
    await tx
      .update(metrics)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(metrics.name, name));
    await recordAudit(tx, actor, {
      action: 'metric.update',
      targetType: 'metric',
      targetId: name,
      changes: input,
    });
  });
  return view();
}
