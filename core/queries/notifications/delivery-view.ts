import { and, asc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import { channels, deliveries, deliveryAttempts, incidents } from '@/db/schema';
import type { Actor } from '@/core/auth/context';
import { hasRole } from '@/contracts/roles';
import type { DbOrTx } from '@/db/tx';
import type { ListDeliveriesQuery } from '@/core/services/notifications/schemas';
import type { DeliveryAttemptView, DeliveryView } from '@/contracts/responses/notifications';
import { newestFirst } from '@/db/order';

/**
 * Deliveries newest first, filtered by incident, channel and status, with their attempts. Response
 * excerpts are shown to admins only: what a target answered is configuration detail, not incident state.
 */
export async function listDeliveries(
  db: DbOrTx,
  reader: Actor,
  query: Partial<ListDeliveriesQuery> & { ids?: string[] },
): Promise<DeliveryView[]> {
  const showResponses = hasRole(reader.role, 'admin');
  const where: SQL[] = [];
  if (query.ids) where.push(inArray(deliveries.id, query.ids));
  if (query.incidentId) where.push(eq(deliveries.incidentId, query.incidentId));
  if (query.channelId) where.push(eq(deliveries.channelId, query.channelId));
  if (query.status) where.push(eq(deliveries.status, query.status));
  if (query.before) where.push(lt(deliveries.createdAt, new Date(query.before)));
  const rows = await db
    .select({
      d: deliveries,
      channelName: channels.name,
      channelType: channels.type,
      incidentTitle: incidents.title,
    })
    .from(deliveries)
    .innerJoin(channels, eq(channels.id, deliveries.channelId))
    .leftJoin(incidents, eq(incidents.id, deliveries.incidentId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(newestFirst(deliveries.createdAt), newestFirst(deliveries.seq))
    .limit(query.limit ?? 100);
  if (!rows.length) return [];
  const attempts = await db
    .select()
    .from(deliveryAttempts)
    .where(
      inArray(
        deliveryAttempts.deliveryId,
        rows.map((r) => r.d.id),
      ),
    )
    .orderBy(asc(deliveryAttempts.id));
  const byDelivery = new Map<string, DeliveryAttemptView[]>();
  for (const a of attempts) {
    const list = byDelivery.get(a.deliveryId) ?? [];
    list.push({
      at: a.at.toISOString(),
      statusCode: a.statusCode,
      responseExcerpt: showResponses ? a.responseExcerpt : null,
      error: a.error,
      durationMs: a.durationMs,
    });
    byDelivery.set(a.deliveryId, list);
  }
  return rows.map(({ d, channelName, channelType, incidentTitle }) => ({
    id: d.id,
    incidentId: d.incidentId,
    incidentTitle: incidentTitle ?? null,
    channelId: d.channelId,
    channelName,
    channelType,
    action: d.action,
    status: d.status,
    attempts: byDelivery.get(d.id) ?? [],
    createdAt: d.createdAt.toISOString(),
    sentAt: d.sentAt?.toISOString() ?? null,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
  }));
}

export async function getDelivery(db: DbOrTx, reader: Actor, id: string): Promise<DeliveryView | null> {
  return (await listDeliveries(db, reader, { ids: [id], limit: 1 }))[0] ?? null;
}
