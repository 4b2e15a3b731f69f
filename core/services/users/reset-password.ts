import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { hashPassword } from '@/core/auth/hashing';
import { NotFoundError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import { generatePassword, type UsersContext } from './create-user';
import { revokeCredentials } from './revoke-credentials';
import type { ResetPasswordInput } from './schemas';

/**
 * Admins set a new password for a user (given, or generated and answered once), end all of that
 * user's sessions and revoke their personal tokens: a reset answers a lost or leaked password, and a
 * token minted with it must not outlive it.
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
  const [target] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, id)).limit(1);
  if (!target) throw new NotFoundError(`no user with id ${id}`);
  const generatedPassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generatedPassword ?? '');
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    if (updated.length === 0) throw new NotFoundError(`no user with id ${id}`);
    const revoked = await revokeCredentials(tx, id, { tokens: true });
    await recordAudit(tx, actor, {
      action: 'user.reset_password',
      targetType: 'user',
      targetId: id,
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
