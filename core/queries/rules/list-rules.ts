import { asc } from 'drizzle-orm';
import { rules } from '@/db/schema';
import type { DbOrTx } from '@/db/tx';
import { toRuleView } from './rule-view';
import type { RuleView } from '@/contracts/responses/alerting';

export async function listRules(db: DbOrTx): Promise<RuleView[]> {
  const rows = await db.select().from(rules).orderBy(asc(rules.name), asc(rules.id));
  return rows.map(toRuleView);
}
