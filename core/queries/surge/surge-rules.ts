import { asc, eq } from 'drizzle-orm';
import { surgeRules } from '@/db/schema';
import type { DbOrTx } from '@/db/tx';
import type { SurgeRuleView } from '@/contracts/responses/surge';
import { toEvaluationFailure } from '@/core/queries/rules/evaluation-failure';

export function toSurgeRuleView(row: typeof surgeRules.$inferSelect): SurgeRuleView {
  return {
    id: row.id,
    name: row.name,
    demandMetric: row.demandMetric,
    supplyMetric: row.supplyMetric,
    groupBy: row.groupBy,
    window: row.window,
    tiers: row.tiers,
    cap: row.cap,
    holdSeconds: row.holdSeconds,
    cooldownSeconds: row.cooldownSeconds,
    incidentMultiplier: row.incidentMultiplier,
    severity: row.severity,
    enabled: row.enabled,
    demo: row.demo,
    evaluationFailure: toEvaluationFailure(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listSurgeRules(db: DbOrTx): Promise<SurgeRuleView[]> {
  const rows = await db.select().from(surgeRules).orderBy(asc(surgeRules.name), asc(surgeRules.id));
  return rows.map(toSurgeRuleView);
}

export async function getSurgeRule(db: DbOrTx, id: string): Promise<SurgeRuleView | null> {
  const [row] = await db.select().from(surgeRules).where(eq(surgeRules.id, id)).limit(1);
  return row ? toSurgeRuleView(row) : null;
}
