import { desc, eq } from 'drizzle-orm';
import { apiTokens } from '@/db/schema';
import type { Db } from '@/db/client';
import type { TokenView } from '@/contracts/responses/access';

type TokenRow = typeof apiTokens.$inferSelect;

export function toTokenView(row: TokenRow, now = Date.now()): TokenView {
  const status = row.revokedAt
    ? 'revoked'
    : row.expiresAt && row.expiresAt.getTime() <= now
      ? 'expired'
      : 'active';
  return {
    id: row.id,
    name: row.name,
    masked: `${row.prefix}…`,
    status,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** One user's own tokens, newest first, revoked ones included so the owner sees what was revoked. */
export async function listTokens(db: Db, userId: string): Promise<TokenView[]> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
  const now = Date.now();
  return rows.map((r) => toTokenView(r, now));
}
