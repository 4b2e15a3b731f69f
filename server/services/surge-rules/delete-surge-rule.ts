import { eq } from 'drizzle-orm';
import { surgeRules } from '@/db/schema';
import { requireRole } from '@/server/auth/context';
import { NotFoundError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';
import type { SurgeRuleContext } from './create-surge-rule';

/** Removes a surge rule with its group states and change history. */
export async function deleteSurgeRule({ ctx, id }: { ctx: SurgeRuleContext; id: string }): Promise<void> {
  const actor = requireRole(ctx.actor, 'admin');
  await ctx.db.transaction(async (tx) => {
    const [rule] = await tx
      .select({ name: surgeRules.name })
      .from(surgeRules)
      .where(eq(surgeRules.id, id))
      .for('update');
    if (!rule) throw new NotFoundError(`no surge rule with id ${id}`);
    await tx.delete(surgeRules).where(eq(surgeRules.id, id));
    await recordAudit(tx, actor, {
      action: 'surge_rule.delete',
      targetType: 'surge_rule',
      targetId: id,
      changes: { name: rule.name },
    });
  });
}
