import { eq } from 'drizzle-orm';
import { notificationPolicies } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { toPolicyView } from '@/core/queries/notifications/policy-view';
import { recordAudit } from '@/core/services/audit/record-audit';
import { changesNothing } from '@/core/services/unchanged';
import type { NotifyContext } from './context';
import { checkChannelsExist } from './policies';
import type { UpdatePolicyInput } from './schemas';
import type { PolicyView } from '@/contracts/responses/notifications';

/** Changes a policy; incidents already firing follow the new steps from the next escalation check. */
export async function updatePolicy({
  ctx,
  id,
  input,
}: {
  ctx: Pick<NotifyContext, 'db' | 'actor'>;
  id: string;
  input: UpdatePolicyInput;
}): Promise<PolicyView> {
  const actor = requireRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(notificationPolicies)
      .where(eq(notificationPolicies.id, id))
      .for('update');
    if (!current) throw new NotFoundError(`no notification policy with id ${id}`);
    if (changesNothing(current, input)) return toPolicyView(current);
    if (input.steps) {
      await checkChannelsExist(
        tx,
        input.steps.flatMap((s) => s.channelIds),
        'steps',
      );
    }
    const [row] = await tx
      .update(notificationPolicies)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(notificationPolicies.id, id))
      .returning();
    if (!row) throw new NotFoundError(`no notification policy with id ${id}`);
    await recordAudit(tx, actor, {
      action: 'policy.update',
      targetType: 'notification_policy',
      targetId: id,
      changes: input,
    });
    return toPolicyView(row);
  });
}
