import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { deliveries } from '@/db/schema';
import type { NotifyMessage } from '@/lib/notifications/message';
import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { getDelivery } from '@/core/queries/notifications/delivery-view';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { NotifyContext } from './context';
import { insertDelivery } from './insert-delivery';
import type { DeliveryView } from '@/contracts/responses/notifications';

/** Operators resend a delivery from the log: a new delivery with the same message, sent after earlier ones. */
export async function resendDelivery({ ctx, id }: { ctx: NotifyContext; id: string }): Promise<DeliveryView> {
  const actor = requireRole(ctx.actor, 'operator');
  const [original] = await ctx.db.select().from(deliveries).where(eq(deliveries.id, id));
  if (!original) throw new NotFoundError(`no delivery with id ${id}`);
  const now = new Date();
  const row = await ctx.db.transaction(async (tx) => {
    const created = await insertDelivery(tx, {
      key: `resend-${randomUUID()}`,
      incidentId: original.incidentId,
      incidentEventId: original.incidentEventId,
      channelId: original.channelId,
      action: original.action,
      status: 'queued',
      context: original.context as unknown as NotifyMessage,
      now,
      resendOf: original.id,
    });
    if (!created) throw new Error('resend not created');
    await recordAudit(tx, actor, {
      action: 'delivery.resend',
      targetType: 'delivery',
      targetId: id,
      changes: { newDeliveryId: created.id },
    });
    return created;
  });
  await ctx.enqueue?.([row]);
  const view = await getDelivery(ctx.db, actor, row.id);
  if (!view) throw new Error('resent delivery vanished');
  return view;
}
