import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { ConflictError, NotFoundError } from '@/core/errors';
import { getUser } from '@/core/queries/users/list-users';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { UsersContext } from './create-user';
import { revokeCredentials } from './revoke-credentials';
import type { UpdateUserInput } from './schemas';
import type { UserView } from '@/contracts/responses/access';

/**
 * Admins rename users, change their role and disable or enable them. Disabling ends every session and
 * revokes every personal token in the same transaction, so the next request or socket handshake fails.
 * Admins cannot demote or disable themselves, so the console always keeps an admin.
 */
export async function updateUser({
  ctx,
  id,
  input,
}: {
  ctx: UsersContext;
  id: string;
  input: UpdateUserInput;
}): Promise<UserView> {
  const actor = requireRole(ctx.actor, 'admin');
  if (id === actor.userId && input.role !== undefined && input.role !== 'admin') {
    throw new ConflictError('you cannot take the admin role from yourself', 'role');
  }
  if (id === actor.userId && input.disabled === true) {
    throw new ConflictError('you cannot disable yourself', 'disabled');
  }
  await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!current) throw new NotFoundError(`no user with id ${id}`);
    const changes: Record<string, unknown> = {};
    const set: Partial<typeof users.$inferInsert> = {};
    if (input.name !== undefined && input.name !== current.name) {
      set.name = input.name;
      changes.name = { from: current.name, to: input.name };
    }
    if (input.role !== undefined && input.role !== current.role) {
      set.role = input.role;
      changes.role = { from: current.role, to: input.role };
    }
    const wasDisabled = current.disabledAt !== null;
    if (input.disabled !== undefined && input.disabled !== wasDisabled) {
      set.disabledAt = input.disabled ? new Date() : null;
      changes.disabled = { from: wasDisabled, to: input.disabled };
    }
    if (Object.keys(set).length === 0) return;
    await tx.update(users).set(set).where(eq(users.id, id));
    if (input.disabled === true && !wasDisabled) {
      const revoked = await revokeCredentials(tx, id, { tokens: true });
      changes.revokedSessions = revoked.sessions;
      changes.revokedTokens = revoked.tokens;
    }
    await recordAudit(tx, actor, {
      action:
        input.disabled === true && !wasDisabled
          ? 'user.disable'
          : input.disabled === false && wasDisabled
            ? 'user.enable'
            : 'user.update',
      targetType: 'user',
      targetId: id,
      changes: { email: current.email, ...changes },
    });
  });
  const view = await getUser(ctx.db, id);
  if (!view) throw new NotFoundError(`no user with id ${id}`);
  return view;
}
