import { asc, eq, sql } from 'drizzle-orm';
import { channels } from '@/db/schema';
import { secretFields, urlSecretFields } from '@/lib/notifications/channel-config';
import { decryptSecrets, maskSecret, maskUrl } from '@/lib/notifications/secrets';
import type { DbOrTx } from '@/db/tx';
import type { Actor } from '@/core/auth/context';
import { hasRole } from '@/contracts/roles';
import type { DeliveryAction, DeliveryStatus } from '@/lib/notifications/kinds';
import type { ChannelView, LastDelivery } from '@/contracts/responses/notifications';

type ChannelRow = typeof channels.$inferSelect;

export function toChannelView(row: ChannelRow, key: Buffer, lastDelivery: LastDelivery = null): ChannelView {
  let secrets: Record<string, string> = {};
  try {
    secrets = decryptSecrets(key, row.secrets);
  } catch {
    secrets = {}; // a changed PULSEBOARD_SECRET: the channel shows without its secrets
  }
  const masked: Record<string, unknown> = { ...row.config };
  for (const field of secretFields[row.type]) {
    const value = secrets[field];
    if (value) masked[field] = urlSecretFields.has(field) ? maskUrl(value) : maskSecret(value);
  }
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    enabled: row.enabled,
    config: masked,
    lastDelivery,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Each channel's newest delivery with the answer to its latest attempt: two index look-ups per channel
 * (deliveries_channel_created_idx, delivery_attempts_delivery_idx), whatever the log's size. The
 * answer's text only when `showResponses` (admins, as in the delivery log).
 */
export async function lastDeliveries(
  db: DbOrTx,
  ids: readonly string[],
  showResponses: boolean,
): Promise<Map<string, LastDelivery>> {
  if (ids.length === 0) return new Map();
  const rows = await db.execute<{
    channel_id: string;
    action: DeliveryAction;
    status: DeliveryStatus;
    updated_at: string | Date;
    status_code: number | null;
    response_excerpt: string | null;
    error: string | null;
  }>(sql`
    select c.id as channel_id, d.action, d.status, d.updated_at, a.status_code, a.response_excerpt, a.error
    from unnest(${`{${ids.join(',')}}`}::uuid[]) as c(id)
    cross join lateral (
      select id, action, status, updated_at from deliveries where channel_id = c.id
      order by created_at desc nulls last limit 1
    ) d
    left join lateral (
      select status_code, response_excerpt, error from delivery_attempts where delivery_id = d.id order by id desc limit 1
    ) a on true`);
  return new Map(
    rows.map((r) => [
      r.channel_id,
      {
        action: r.action,
        status: r.status,
        at: new Date(r.updated_at).toISOString(),
        statusCode: r.status_code,
        responseExcerpt: showResponses ? r.response_excerpt : null,
        error: r.error,
      },
    ]),
  );
}

export async function listChannels(db: DbOrTx, key: Buffer, reader: Actor): Promise<ChannelView[]> {
  const rows = await db.select().from(channels).orderBy(asc(channels.name));
  const last = await lastDeliveries(
    db,
    rows.map((r) => r.id),
    hasRole(reader.role, 'admin'),
  );
  return rows.map((r) => toChannelView(r, key, last.get(r.id) ?? null));
}

export async function getChannel(
  db: DbOrTx,
  key: Buffer,
  id: string,
  reader: Actor,
): Promise<ChannelView | null> {
  const [row] = await db.select().from(channels).where(eq(channels.id, id));
  if (!row) return null;
  return toChannelView(
    row,
    key,
    (await lastDeliveries(db, [id], hasRole(reader.role, 'admin'))).get(id) ?? null,
  );
}
