import { asc } from 'drizzle-orm';
import { rules } from '@/db/schema';
import type { DbOrTx } from '@/db/tx';
import { toRuleView, type RuleView } from './rule-view';

export async function listRules(db: DbOrTx): Promise<RuleView[]> {
  const rows = await db.select().from(rules).orderBy(asc(rules.name), asc(rules.id));
  return rows.map(toRuleView);
}
