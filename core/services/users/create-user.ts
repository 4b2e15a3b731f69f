import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { Db } from '@/db/client';
import { requireRole, type Actor } from '@/core/auth/context';
import { hashPassword } from '@/core/auth/hashing';
import { ConflictError } from '@/core/errors';
import { toUserView } from '@/core/queries/users/list-users';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { CreateUserInput } from './schemas';
import type { UserView } from '@/contracts/responses/access';

export type UsersContext = { db: Db; actor: Actor | null };

/** A password the server made up: 16 URL-safe characters (96 random bits). */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Admins add users. Without a password in the input the server generates one and answers it in this
 * response only; it is stored as its argon2id hash and never written to the audit log.
 */
export async function createUser({
  ctx,
  input,
}: {
  ctx: UsersContext;
  input: CreateUserInput;
}): Promise<{ user: UserView; generatedPassword: string | null }> {
  const actor = requireRole(ctx.actor, 'admin');
  const taken = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, input.email))
    .limit(1);
  if (taken.length > 0) throw new ConflictError(`a user with e-mail ${input.email} exists`, 'email');
  const generatedPassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generatedPassword ?? '');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, role: input.role, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!row) throw new ConflictError(`a user with e-mail ${input.email} exists`, 'email');
    await recordAudit(tx, actor, {
      action: 'user.create',
      targetType: 'user',
      targetId: row.id,
      changes: {
        email: row.email,
        name: row.name,
        role: row.role,
        password: generatedPassword ? 'generated' : 'set by admin',
      },
    });
    return { user: toUserView(row), generatedPassword };
  });
}
