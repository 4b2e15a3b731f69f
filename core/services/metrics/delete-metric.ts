import { eq, sql } from 'drizzle-orm';
import { lockCatalogue } from './catalogue-lock';
import { metricPoints, metricRollups1h, metricRollups1m, metrics } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { ConflictError, NotFoundError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import { checkRulesSurvive } from './check-rules-survive';
import type { MetricContext } from './create-metric';

/**
 * Removes a metric from the catalogue with its stored history (1-second points, 1-minute and 1-hour
 * rollups), in one transaction: a new metric of the same name starts empty. Refused while a ratio, rule
 * or surge rule uses it.
 */
export async function deleteMetric({ ctx, name }: { ctx: MetricContext; name: string }): Promise<void> {
  const actor = requireRole(ctx.actor, 'admin');
  await ctx.db.transaction(async (tx) => {
    await lockCatalogue(tx);
    const rows = await tx.select().from(metrics).where(eq(metrics.name, name)).limit(1);
    const current = rows[0];
    if (!current) throw new NotFoundError(`no metric named ${name}`);
    if (current.builtIn) throw new ConflictError('built-in metrics cannot be deleted');
    const users = await tx
      .select({ name: metrics.name })
      .from(metrics)
      .where(sql`${metrics.ratioOf}->>'numerator' = ${name} or ${metrics.ratioOf}->>'denominator' = ${name}`);
    if (users.length > 0) throw new ConflictError(`the ratio ${users[0]?.name} uses this metric`);
    const catalogue = await listMetrics(tx);
    await checkRulesSurvive(
      tx,
      catalogue,
      catalogue.filter((m) => m.name !== name),
    );
    await tx.delete(metrics).where(eq(metrics.name, name));
    // By the (metric, bucket) indexes; on TimescaleDB this also deletes from compressed chunks (slower).
    for (const table of [metricPoints, metricRollups1m, metricRollups1h]) {
      await tx.delete(table).where(eq(table.metric, name));
    }
    await recordAudit(tx, actor, { action: 'metric.delete', targetType: 'metric', targetId: name });
  });
}
