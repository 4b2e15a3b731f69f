import { eq } from 'drizzle-orm';
import { lockCatalogue } from '@/core/services/metrics/catalogue-lock';
import { rules } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError, ValidationError } from '@/core/errors';
import { toRuleView } from '@/core/queries/rules/rule-view';
import { recordAudit } from '@/core/services/audit/record-audit';
import { checkRuleTargets } from '@/core/services/notifications/policies';
import { changesNothing, settingsOf } from '@/core/services/unchanged';
import { checkRule, parseRuleInput } from './check-rule';
import type { RuleContext } from './create-rule';
import type { UpdateRuleInput } from './schemas';
import type { RuleView } from '@/contracts/responses/alerting';

/**
 * Changes a rule; the merged rule is validated as a whole. Series states carry over to the new settings.
 * Only the targets the request names are checked, so a stored target that has gone never blocks an edit.
 */
export async function updateRule({
  ctx,
  id,
  input,
}: {
  ctx: RuleContext;
  id: string;
  input: UpdateRuleInput;
}): Promise<RuleView> {
  const actor = requireRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    await lockCatalogue(tx);
    // Read under its lock: a channel deleted meanwhile is not written back with the rest of the rule.
    const [current] = await tx.select().from(rules).where(eq(rules.id, id)).for('update');
    if (!current) throw new NotFoundError(`no rule with id ${id}`);
    if (input.kind !== undefined && input.kind !== current.kind && input.params === undefined) {
      throw new ValidationError(`a ${input.kind} rule needs its own params`, 'params');
    }
    const stored = settingsOf(toRuleView(current));
    const merged = parseRuleInput({ ...stored, ...input });
    if (changesNothing(stored, merged)) return toRuleView(current);
    await checkRuleTargets(tx, { channelIds: input.channelIds ?? [], policyId: input.policyId ?? null });
    await checkRule(tx, merged, id);
    const [row] = await tx
      .update(rules)
      .set({ ...merged, updatedAt: new Date() })
      .where(eq(rules.id, id))
      .returning();
    if (!row) throw new NotFoundError(`no rule with id ${id}`);
    await recordAudit(tx, actor, { action: 'rule.update', targetType: 'rule', targetId: id, changes: input });
    return toRuleView(row);
  });
}
