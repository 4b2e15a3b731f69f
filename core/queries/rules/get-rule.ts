import { asc, eq } from 'drizzle-orm';
import { ruleSeriesState, rules } from '@/db/schema';
import type { DbOrTx } from '@/db/tx';
import { toRuleView } from './rule-view';
import type { RuleDetail } from '@/contracts/responses/alerting';

export async function getRule(db: DbOrTx, id: string): Promise<RuleDetail | null> {
  const [row] = await db.select().from(rules).where(eq(rules.id, id)).limit(1);
  if (!row) return null;
  const states = await db
    .select()
    .from(ruleSeriesState)
    .where(eq(ruleSeriesState.ruleId, id))
    .orderBy(asc(ruleSeriesState.seriesKey));
  return {
    ...toRuleView(row),
    series: states.map((s) => ({
      series: s.labels,
      seriesKey: s.seriesKey,
      state: s.state,
      since: s.since.toISOString(),
      lastValue: s.lastValue,
      lastEvalAt: s.lastEvalAt.toISOString(),
      incidentId: s.incidentId,
      suppressedBy: s.suppressedBy ?? null,
    })),
  };
}
