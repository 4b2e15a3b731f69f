import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { Db } from '@/db/client';
import { requireRole, type Actor } from '@/core/auth/context';
import { hashPassword, verifyPassword } from '@/core/auth/hashing';
import { takePasswordTry, type ThrottleContext } from '@/core/auth/password-throttle';
import { ForbiddenError, UnauthorizedError, ValidationError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import { revokeCredentials } from './revoke-credentials';
import type { ChangeOwnPasswordInput } from './schemas';

export type OwnPasswordContext = {
  db: Db;
  actor: Actor | null;
  /** The cookie of the request: that session stays signed in, every other one ends. */
  sessionToken: string | null;
  /** The current-password check is throttled like a login: per user+client address and per address. */
  throttle: ThrottleContext;
};

/**
 * Everyone changes their own password, proving the current one. Only from a signed-in browser: a
 * personal token cannot, so a leaked token cannot lock its owner out.
 */
export async function changeOwnPassword({
  ctx,
  input,
}: {
  ctx: OwnPasswordContext;
  input: ChangeOwnPasswordInput;
}): Promise<{ revokedSessions: number; revokedTokens: number }> {
  const actor = requireRole(ctx.actor, 'viewer');
  if (actor.via !== 'session' || !ctx.sessionToken) {
    throw new ForbiddenError('change your password from a signed-in browser, not with a token');
  }
  const attempt = await takePasswordTry(ctx.throttle, 'change-password', actor.userId);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  if (!user) throw new UnauthorizedError();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new ValidationError('the current password is wrong', 'currentPassword');
  }
  await attempt.succeeded();
  if (input.newPassword === input.currentPassword) {
    throw new ValidationError('the new password must differ from the current one', 'newPassword');
  }
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, actor.userId));
    // Personal tokens too: one minted by whoever knew the old password must not outlive it.
    const revoked = await revokeCredentials(tx, actor.userId, {
      tokens: true,
      keepSessionToken: ctx.sessionToken,
    });
    await recordAudit(tx, actor, {
      action: 'user.change_password',
      targetType: 'user',
      targetId: actor.userId,
      changes: { email: actor.email, revokedSessions: revoked.sessions, revokedTokens: revoked.tokens },
    });
    return { revokedSessions: revoked.sessions, revokedTokens: revoked.tokens };
  });
}
