import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { Db } from '@/db/client';
import { hashPassword, verifyPassword } from '@/core/auth/hashing';
import { takePasswordTry, type ThrottleContext } from '@/core/auth/password-throttle';
import { createSession } from '@/core/auth/sessions';
import { UnauthorizedError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { LoginInput } from './schemas';

/** `clientAddress`: the request's address as the custom server derived it (see lib/http/client-address.ts). */
export type LoginContext = ThrottleContext & { db: Db };
export type LoginResult = {
  token: string;
  expiresAt: Date;
  user: { id: string; email: string; name: string; role: string };
};

let dummyHash: Promise<string> | null = null;

/**
 * Verifies the password and opens a new session (a fresh id at every login). The try is throttled per
 * account+address and per address before the password is checked (see password-throttle.ts). Unknown
 * e-mails cost the same argon2 work as known ones, so response time does not reveal which exist. Every
 * evaluated login, right or wrong, lands in the audit log with the client address.
 */
export async function logIn({ ctx, input }: { ctx: LoginContext; input: LoginInput }): Promise<LoginResult> {
  const attempt = await takePasswordTry(ctx, 'login', input.email);
  const rows = await ctx.db.select().from(users).where(eq(users.email, input.email)).limit(1);
  const user = rows[0];
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyPassword(await dummyHash, input.password).then(() => false);
  if (!user || !ok || user.disabledAt) {
    await recordAudit(
      ctx.db,
      { userId: user?.id ?? null, email: input.email },
      {
        action: 'session.login_failed',
        targetType: 'user',
        targetId: user?.id ?? input.email,
        changes: {
          clientAddress: ctx.clientAddress,
          reason: !user ? 'unknown_email' : !ok ? 'wrong_password' : 'disabled',
        },
      },
    );
    throw new UnauthorizedError('wrong email or password');
  }
  await attempt.succeeded();
  const session = await createSession(ctx.db, user.id);
  await recordAudit(
    ctx.db,
    { userId: user.id, email: user.email },
    {
      action: 'session.login',
      targetType: 'user',
      targetId: user.id,
      changes: { clientAddress: ctx.clientAddress },
    },
  );
  return {
    ...session,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
  };
}
