import { metrics } from '@/db/schema';
import type { Db } from '@/db/client';
import type { DbOrTx } from '@/db/tx';
import { requireRole, type Actor } from '@/core/auth/context';
import { ConflictError, ValidationError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import { listMetrics, type MetricSummary } from '@/core/queries/metrics/list-metrics';
import { lockCatalogue } from './catalogue-lock';
import type { CreateMetricInput } from './schemas';

export type MetricContext = { db: Db; actor: Actor | null };

/** Checks that a ratio names two existing stream metrics other than itself. */
export async function checkRatio(
  db: DbOrTx,
  name: string,
  ratioOf: CreateMetricInput['ratioOf'],
): Promise<void> {
  if (!ratioOf) return;
  const existing = await listMetrics(db);
  for (const field of ['numerator', 'denominator'] as const) {
    const target = existing.find((m) => m.name === ratioOf[field]);
    if (!target || target.name === name) {
      throw new ValidationError(`${field} must name another existing metric`, `ratioOf.${field}`);
    }
    if (target.ratioOf) throw new ValidationError(`${field} must not itself be a ratio`, `ratioOf.${field}`);
  }
}

/** Admins add metrics to the catalogue; workers pick them up within seconds. */
export async function createMetric({
  ctx,
  input,
  demo = false,
}: {
  ctx: MetricContext;
  input: CreateMetricInput;
  /** Marks it as seeded by the demo (server/services/demo/seed-demo.ts); never set from a request. @defaultValue false */
  demo?: boolean;
}): Promise<MetricSummary> {
  const actor = requireRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    // Under the catalogue lock: a ratio is never created on a part that a concurrent delete removes.
    await lockCatalogue(tx);
    await checkRatio(tx, input.name, input.ratioOf);
    const inserted = await tx
      .insert(metrics)
      .values({ ...input, builtIn: false, demo })
      .onConflictDoNothing()
      .returning();
    const row = inserted[0];
    if (!row) throw new ConflictError(`a metric named ${input.name} exists`, 'name');
    await recordAudit(tx, actor, {
      action: 'metric.create',
      targetType: 'metric',
      targetId: row.name,
      changes: demo ? { ...input, demo } : input,
    });
    return { ...input, builtIn: false, demo };
  });
}
