import { asc, eq } from 'drizzle-orm';
import { channels } from '@/db/schema';
import { secretFields, urlSecretFields } from '@/lib/notifications/channel-config';
import { decryptSecrets, maskSecret, maskUrl } from '@/lib/notifications/secrets';
import type { DbOrTx } from '@/db/tx';
import type { ChannelView } from '@/contracts/responses/notifications';

type ChannelRow = typeof channels.$inferSelect;

export function toChannelView(row: ChannelRow, key: Buffer): ChannelView {
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
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listChannels(db: DbOrTx, key: Buffer): Promise<ChannelView[]> {
  const rows = await db.select().from(channels).orderBy(asc(channels.name));
  return rows.map((r) => toChannelView(r, key));
}

export async function getChannel(db: DbOrTx, key: Buffer, id: string): Promise<ChannelView | null> {
  const [row] = await db.select().from(channels).where(eq(channels.id, id));
  return row ? toChannelView(row, key) : null;
}
