import { apiTokens } from '@/db/schema';
import type { Db } from '@/db/client';
import { requireRole, type Actor } from '@/core/auth/context';
import { generateSecret, sha256 } from '@/core/auth/hashing';
import { ForbiddenError } from '@/core/errors';
import { toTokenView } from '@/core/queries/users/list-tokens';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { CreateTokenInput } from './schemas';
import type { TokenView } from '@/contracts/responses/access';

export type TokensContext = { db: Db; actor: Actor | null };

/**
 * Everyone makes personal API tokens for their own scripts; a token acts with its owner's role at the
 * time of each request. Answered once, stored as a SHA-256 hash. Only from a signed-in browser, so a
 * leaked token cannot mint more.
 */
export async function createToken({
  ctx,
  input,
}: {
  ctx: TokensContext;
  input: CreateTokenInput;
}): Promise<{ token: string; view: TokenView }> {
  const actor = requireRole(ctx.actor, 'viewer');
  if (actor.via !== 'session')
    throw new ForbiddenError('create tokens from a signed-in browser, not with a token');
  const token = generateSecret('pbt_');
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId: actor.userId,
        name: input.name,
        tokenHash: sha256(token),
        prefix: token.slice(0, 8),
        expiresAt,
      })
      .returning();
    if (!row) throw new Error('insert returned no token');
    await recordAudit(tx, actor, {
      action: 'token.create',
      targetType: 'token',
      targetId: row.id,
      changes: { name: row.name, masked: `${row.prefix}…`, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { token, view: toTokenView(row) };
  });
}
