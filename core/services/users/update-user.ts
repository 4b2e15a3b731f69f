import { and, asc, eq, isNull } from 'drizzle-orm';
import { users } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { ConflictError, ForbiddenError, NotFoundError } from '@/core/errors';
import { getUser } from '@/core/queries/users/list-users';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { UsersContext } from './create-user';
import { revokeCredentials } from './revoke-credentials';
import type { UpdateUserInput } from './schemas';
import type { UserView } from '@/contracts/responses/access';
import type { Tx } from '@/db/tx';

/**
 * Admins rename users, change their role and disable or enable them. Disabling ends every session and
 * revokes every personal token in the same transaction, so the next request or socket handshake fails.
 * Admins cannot demote or disable themselves, nor demote or disable the last enabled admin, so the console
 * always keeps one, also when two admins demote each other at the same moment.
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
  const demotes = input.role !== undefined && input.role !== 'admin';
  const disables = input.disabled === true;
  await ctx.db.transaction(async (tx) => {
    // Locked before the target, so concurrent role and disable changes run one after the other and each
    // counts the admins the previous one left.
    const admins =
      input.role !== undefined || input.disabled !== undefined ? await lockEnabledAdmins(tx) : null;
    const [current] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!current) throw new NotFoundError(`no user with id ${id}`);
    // current.id is the database's spelling of the id, as actor.userId is.
    if (current.id === actor.userId && demotes) {
      throw new ConflictError('you cannot take the admin role from yourself', 'role');
    }
    if (current.id === actor.userId && disables) {
      throw new ConflictError('you cannot disable yourself', 'disabled');
    }
    if (admins !== null) {
      if ((demotes || disables) && admins.length === 1 && admins[0] === current.id) {
        throw new ConflictError(
          'at least one enabled admin must remain: this is the last one',
          demotes ? 'role' : 'disabled',
        );
      }
      if (!admins.includes(actor.userId)) throw new ForbiddenError('you are no longer an enabled admin');
    }
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
    await tx.update(users).set(set).where(eq(users.id, current.id));
    if (input.disabled === true && !wasDisabled) {
      const revoked = await revokeCredentials(tx, current.id, { tokens: true });
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
      targetId: current.id,
      changes: { email: current.email, ...changes },
    });
  });
  const view = await getUser(ctx.db, id);
  if (!view) throw new NotFoundError(`no user with id ${id}`);
  return view;
}

/** Locks the enabled admins' rows (in id order, so two callers cannot deadlock) and answers their ids. */
async function lockEnabledAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .for('update');
  return rows.map((row) => row.id);
}
