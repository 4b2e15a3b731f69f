import { eq } from 'drizzle-orm';
import { lockCatalogue } from '@/core/services/metrics/catalogue-lock';
import { surgeRules } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { toSurgeRuleView } from '@/core/queries/surge/surge-rules';
import { recordAudit } from '@/core/services/audit/record-audit';
import { changesNothing, settingsOf } from '@/core/services/unchanged';
import { checkSurgeRule, parseSurgeRuleInput } from './check-surge-rule';
import type { SurgeRuleContext } from './create-surge-rule';
import type { UpdateSurgeRuleInput } from './schemas';
import type { SurgeRuleView } from '@/contracts/responses/surge';

/** Changes a surge rule, validated as a whole; group states carry over to the new settings. */
export async function updateSurgeRule({
  ctx,
  id,
  input,
}: {
  ctx: SurgeRuleContext;
  id: string;
  input: UpdateSurgeRuleInput;
}): Promise<SurgeRuleView> {
  const actor = requireRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    await lockCatalogue(tx);
    // Read under its lock, as a rule's save does: the merged whole is written, so a stale read would undo
    // a concurrent change.
    const [current] = await tx.select().from(surgeRules).where(eq(surgeRules.id, id)).for('update');
    if (!current) throw new NotFoundError(`no surge rule with id ${id}`);
    const stored = settingsOf(toSurgeRuleView(current));
    const merged = parseSurgeRuleInput({ ...stored, ...input });
    if (changesNothing(stored, merged)) return toSurgeRuleView(current);
    await checkSurgeRule(tx, merged);
    const [row] = await tx
      .update(surgeRules)
      .set({ ...merged, updatedAt: new Date() })
      .where(eq(surgeRules.id, id))
      .returning();
    if (!row) throw new NotFoundError(`no surge rule with id ${id}`);
    await recordAudit(tx, actor, {
      action: 'surge_rule.update',
      targetType: 'surge_rule',
      targetId: id,
      changes: input,
    });
    return toSurgeRuleView(row);
  });
}
