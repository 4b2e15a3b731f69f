import { and, asc, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { surgeEvents, surgeRules, surgeState } from '@/db/schema';
import type { DbOrTx } from '@/db/tx';
import type { CurrentSurgeView, SurgeEventView } from '@/contracts/responses/surge';

export async function listSurgeEvents(
  db: DbOrTx,
  q: { rule?: string; from?: string; to?: string; limit: number },
): Promise<SurgeEventView[]> {
  const where: SQL[] = [];
  if (q.rule) where.push(eq(surgeEvents.ruleId, q.rule));
  if (q.from) where.push(gte(surgeEvents.ts, new Date(q.from)));
  if (q.to) where.push(lt(surgeEvents.ts, new Date(q.to)));
  const rows = await db
    .select({ event: surgeEvents, ruleName: surgeRules.name })
    .from(surgeEvents)
    .innerJoin(surgeRules, eq(surgeRules.id, surgeEvents.ruleId))
    .where(and(...where))
    .orderBy(desc(surgeEvents.ts), desc(surgeEvents.id))
    .limit(q.limit);
  return rows.map(({ event, ruleName }) => ({
    rule: event.ruleId,
    ruleName,
    group: event.labels,
    ts: event.ts.toISOString(),
    ratio: event.ratio,
    multiplier: event.multiplier,
    previous: event.previous,
  }));
}

export async function listCurrentSurges(db: DbOrTx, q: { rule?: string } = {}): Promise<CurrentSurgeView[]> {
  const rows = await db
    .select({ state: surgeState, ruleName: surgeRules.name })
    .from(surgeState)
    .innerJoin(surgeRules, eq(surgeRules.id, surgeState.ruleId))
    .where(q.rule ? eq(surgeState.ruleId, q.rule) : undefined)
    .orderBy(asc(surgeRules.name), asc(surgeState.ruleId), asc(surgeState.groupKey));
  return rows.map(({ state, ruleName }) => ({
    rule: state.ruleId,
    ruleName,
    group: state.labels,
    multiplier: state.multiplier,
    ratio: state.ratio,
    since: state.since.toISOString(),
    lastChangeAt: state.lastChangeAt?.toISOString() ?? null,
  }));
}
