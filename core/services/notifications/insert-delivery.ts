import { deliveries, type DeliveryAction, type DeliveryStatus } from '@/db/schema';
import type { NotifyMessage } from '@/lib/notifications/message';
import type { DbOrTx } from '@/db/tx';

/** A delivery row just created, to be enqueued after the transaction commits. */
export type NewDelivery = { id: string; idempotencyKey: string; status: DeliveryStatus };

/** Inserts a delivery unless its idempotency key exists; returns it when it was created. */
export async function insertDelivery(
  tx: DbOrTx,
  d: {
    key: string;
    incidentId: string | null;
    incidentEventId: number | null;
    channelId: string;
    action: DeliveryAction;
    status: DeliveryStatus;
    context: NotifyMessage;
    now: Date;
    resendOf?: string | null;
  },
): Promise<NewDelivery | null> {
  const [row] = await tx
    .insert(deliveries)
    .values({
      idempotencyKey: d.key,
      incidentId: d.incidentId,
      incidentEventId: d.incidentEventId,
      channelId: d.channelId,
      action: d.action,
      status: d.status,
      context: d.context,
      resendOf: d.resendOf ?? null,
      createdAt: d.now,
      updatedAt: d.now,
    })
    .onConflictDoNothing({ target: deliveries.idempotencyKey })
    .returning({ id: deliveries.id, idempotencyKey: deliveries.idempotencyKey, status: deliveries.status });
  return row ?? null;
}
