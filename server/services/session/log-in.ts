import { eq } from 'drizzle-orm';
import type { RedisClient } from '@/lib/redis';
import { users } from '@/db/schema';
import type { Db } from '@/db/client';
import { hashPassword, verifyPassword } from '@/server/auth/hashing';
import { createSession } from '@/server/auth/sessions';
import { TooManyRequestsError, UnauthorizedError } from '@/server/errors';
import type { LoginInput } from './schemas';

export type LoginContext = { db: Db; redis: RedisClient; prefix: string; clientIp: string };
export type LoginResult = {
  token: string;
  expiresAt: Date;
  user: { id: string; email: string; name: string; role: string };
};

/** Failed attempts per e-mail (and per client address) before a 15-minute lockout. */
export const loginLockout = { maxFailures: 10, windowSeconds: 900 } as const;

let dummyHash: Promise<string> | null = null;

/**
 * Verifies the password and opens a new session (a fresh id at every login). Unknown e-mails cost the
 * same argon2 work as known ones, so response time does not reveal which addresses exist.
 */
export async function logIn({ ctx, input }: { ctx: LoginContext; input: LoginInput }): Promise<LoginResult> {
  const keys = [`${ctx.prefix}:login-fail:e:${input.email}`, `${ctx.prefix}:login-fail:ip:${ctx.clientIp}`];
  const failures = await Promise.all(keys.map((k) => ctx.redis.get(k)));
  if (failures.some((f) => Number(f ?? 0) >= loginLockout.maxFailures)) {
    const ttl = Math.max(1, ...(await Promise.all(keys.map((k) => ctx.redis.ttl(k)))));
    throw new TooManyRequestsError('too many failed logins; try again later', ttl);
  }
  const rows = await ctx.db.select().from(users).where(eq(users.email, input.email)).limit(1);
  const user = rows[0];
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyPassword(await dummyHash, input.password).then(() => false);
  if (!user || !ok || user.disabledAt) {
    const pipeline = ctx.redis.multi();
    for (const k of keys) pipeline.incr(k).expire(k, loginLockout.windowSeconds);
    await pipeline.exec();
    throw new UnauthorizedError('wrong email or password');
  }
  await ctx.redis.del(keys[0] ?? '');
  const session = await createSession(ctx.db, user.id);
  return {
    ...session,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
  };
}
