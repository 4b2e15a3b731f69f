import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { channels } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { getDelivery } from '@/core/queries/notifications/delivery-view';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { NotifyContext } from './context';
import { insertDelivery } from './insert-delivery';
import type { DeliveryView } from '@/contracts/responses/notifications';

/** Queues a test message to a channel (even a disabled one); the delivery log shows how it went. */
export async function testChannel({ ctx, id }: { ctx: NotifyContext; id: string }): Promise<DeliveryView> {
  const actor = requireRole(ctx.actor, 'admin');
  const [channel] = await ctx.db.select({ id: channels.id }).from(channels).where(eq(channels.id, id));
  if (!channel) throw new NotFoundError(`no channel with id ${id}`);
  const now = new Date();
  const row = await ctx.db.transaction(async (tx) => {
    const created = await insertDelivery(tx, {
      key: `test-${randomUUID()}`,
      incidentId: null,
      incidentEventId: null,
      channelId: id,
      action: 'test',
      status: 'queued',
      context: {
        action: 'test',
        at: now.toISOString(),
        incident: null,
        links: { incident: null, acknowledge: null },
      },
      now,
    });
    if (!created) throw new Error('test delivery not created');
    await recordAudit(tx, actor, {
      action: 'channel.test',
      targetType: 'channel',
      targetId: id,
      changes: { deliveryId: created.id },
    });
    return created;
  });
  await ctx.enqueue?.([row]);
  const view = await getDelivery(ctx.db, actor, row.id);
  if (!view) throw new Error('test delivery vanished');
  return view;
}
