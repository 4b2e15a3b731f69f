import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { notifyRevocation } from '@/core/auth/revocations';
import { NotFoundError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { TokensContext } from './create-token';

/**
 * Revokes one of the actor's own tokens; it fails from the next request, and its live sockets drop at
 * once. Another user's token id answers 404, as if it did not exist (admins end other people's tokens by
 * disabling the user).
 */
export async function revokeToken({ ctx, id }: { ctx: TokensContext; id: string }): Promise<void> {
  const actor = requireRole(ctx.actor, 'viewer');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, actor.userId)))
      .for('update');
    if (!row) throw new NotFoundError(`no token with id ${id}`);
    if (row.revokedAt) return;
    await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
    await notifyRevocation(tx, { credential: row.tokenHash }); // its live sockets drop on commit
    await recordAudit(tx, actor, {
      action: 'token.revoke',
      targetType: 'token',
      targetId: id,
      changes: { name: row.name, masked: `${row.prefix}…` },
    });
  });
}
