import { notificationPolicies } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { toPolicyView } from '@/core/queries/notifications/policy-view';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { NotifyContext } from './context';
import { checkChannelsExist } from './policies';
import type { CreatePolicyInput } from './schemas';
import type { PolicyView } from '@/contracts/responses/notifications';

/** Admins add a notification policy: what it matches and whom it notifies, step by step. */
export async function createPolicy({
  ctx,
  input,
}: {
  ctx: Pick<NotifyContext, 'db' | 'actor'>;
  input: CreatePolicyInput;
}): Promise<PolicyView> {
  const actor = requireRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    await checkChannelsExist(
      tx,
      input.steps.flatMap((s) => s.channelIds),
      'steps',
    );
    const [row] = await tx.insert(notificationPolicies).values(input).returning();
    if (!row) throw new Error('insert returned no policy');
    await recordAudit(tx, actor, {
      action: 'policy.create',
      targetType: 'notification_policy',
      targetId: row.id,
      changes: input,
    });
    return toPolicyView(row);
  });
}
