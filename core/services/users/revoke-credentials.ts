import { and, eq, isNull, ne } from 'drizzle-orm';
import { apiTokens, sessions } from '@/db/schema';
import type { Db } from '@/db/client';
import { sha256 } from '@/core/auth/hashing';
import { notifyRevocation } from '@/core/auth/revocations';
import type { Tx } from '@/db/tx';

/**
 * Ends a user's sessions (all, or all but the cookie `keepSessionToken`) and, when asked, revokes their
 * personal tokens. Every request and socket handshake reads these tables, so it takes effect at once; the
 * sockets already connected with them are dropped by every web process when the transaction commits.
 */
export async function revokeCredentials(
  tx: Db | Tx,
  userId: string,
  options: { tokens: boolean; keepSessionToken?: string | null },
): Promise<{ sessions: number; tokens: number }> {
  const keep = options.keepSessionToken ? sha256(options.keepSessionToken) : null;
  const ended = await tx
    .delete(sessions)
    .where(keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  let tokens = 0;
  if (options.tokens) {
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    tokens = revoked.length;
  }
  await notifyRevocation(tx, { userId, tokens: options.tokens, keepSession: keep });
  return { sessions: ended.length, tokens };
}
