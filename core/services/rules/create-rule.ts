import { rules } from '@/db/schema';
import { lockCatalogue } from '@/core/services/metrics/catalogue-lock';
import type { Db } from '@/db/client';
import { requireRole, type Actor } from '@/core/auth/context';
import { toRuleView } from '@/core/queries/rules/rule-view';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { IncidentPublisher } from '@/core/services/incidents/publish';
import { checkRuleTargets } from '@/core/services/notifications/policies';
import { checkRule } from './check-rule';
import type { CreateRuleInput } from './schemas';
import type { RuleView } from '@/contracts/responses/alerting';

export type RuleContext = { db: Db; actor: Actor | null; publish?: IncidentPublisher };

/** Admins add rules; the workers evaluate them from the next tick. */
export async function createRule({
  ctx,
  input,
  demo = false,
}: {
  ctx: RuleContext;
  input: CreateRuleInput;
  /** Marks it as seeded by the demo (server/services/demo/seed-demo.ts); never set from a request. @defaultValue false */
  demo?: boolean;
}): Promise<RuleView> {
  const actor = requireRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    await lockCatalogue(tx);
    await checkRuleTargets(tx, input);
    await checkRule(tx, input);
    const [row] = await tx
      .insert(rules)
      .values({ ...input, demo })
      .returning();
    if (!row) throw new Error('insert returned no rule');
    await recordAudit(tx, actor, {
      action: 'rule.create',
      targetType: 'rule',
      targetId: row.id,
      changes: demo ? { ...input, demo } : input,
    });
    return toRuleView(row);
  });
}
