import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { hashPassword } from '@/core/auth/hashing';
import { ConflictError, NotFoundError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import { generatePassword, type UsersContext } from './create-user';
import { revokeCredentials } from './revoke-credentials';
import type { ResetPasswordInput } from './schemas';

/**
 * Admins set a new password for a user (given, or generated and answered once), end all of that
 * user's sessions and revoke their personal tokens: a reset answers a lost or leaked password, and a
 * token minted with it must not outlive it. Not their own: that is the self-service change under Account,
 * which needs the current password and a signed-in browser, so a leaked admin token cannot take over
 * its owner's account here.
 */
export async function resetPassword({
  ctx,
  id,
  input,
}: {
  ctx: UsersContext;
  id: string;
  input: ResetPasswordInput;
}): Promise<{ generatedPassword: string | null }> {
  const actor = requireRole(ctx.actor, 'admin');
  const [target] = await ctx.db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!target) throw new NotFoundError(`no user with id ${id}`);
  // target.id is the database's spelling of the id, as actor.userId is.
  if (target.id === actor.userId) {
    throw new ConflictError(
      'you cannot reset your own password here: change your own password under Account, with your current password',
    );
  }
  const generatedPassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generatedPassword ?? '');
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    const [row] = updated;
    if (!row) throw new NotFoundError(`no user with id ${id}`);
    const revoked = await revokeCredentials(tx, row.id, { tokens: true });
    await recordAudit(tx, actor, {
      action: 'user.reset_password',
      targetType: 'user',
      targetId: row.id,
      changes: {
        email: target.email,
        password: generatedPassword ? 'generated' : 'set by admin',
        revokedSessions: revoked.sessions,
        revokedTokens: revoked.tokens,
      },
    });
  });
  return { generatedPassword };
}
