import { eq } from 'drizzle-orm';
import { notificationPolicies, rules } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { ConflictError, NotFoundError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { NotifyContext } from './context';

/** Removes a policy; refused (409) while a rule still names it. */
export async function deletePolicy({
  ctx,
  id,
}: {
  ctx: Pick<NotifyContext, 'db' | 'actor'>;
  id: string;
}): Promise<void> {
  const actor = requireRole(ctx.actor, 'admin');
  await ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ name: rules.name }).from(rules).where(eq(rules.policyId, id)).limit(1);
    if (user) throw new ConflictError(`rule "${user.name}" uses this policy`, 'id');
    const [row] = await tx
      .delete(notificationPolicies)
      .where(eq(notificationPolicies.id, id))
      .returning({ name: notificationPolicies.name });
    if (!row) throw new NotFoundError(`no notification policy with id ${id}`);
    await recordAudit(tx, actor, {
      action: 'policy.delete',
      targetType: 'notification_policy',
      targetId: id,
      changes: row,
    });
  });
}
