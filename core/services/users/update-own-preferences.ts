import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { Db } from '@/db/client';
import { requireRole, type Actor } from '@/core/auth/context';
import { UnauthorizedError } from '@/core/errors';
import { getUser } from '@/core/queries/users/list-users';
import type { UpdateOwnPreferencesInput } from './schemas';
import type { UserView } from '@/contracts/responses/access';

/**
 * Everyone sets how the console shows them times: their own time zone, or null for their browser's.
 * A display preference of one person, not configuration: it is not audited.
 */
export async function updateOwnPreferences({
  ctx,
  input,
}: {
  ctx: { db: Db; actor: Actor | null };
  input: UpdateOwnPreferencesInput;
}): Promise<UserView> {
  const actor = requireRole(ctx.actor, 'viewer');
  await ctx.db.update(users).set({ timeZone: input.timeZone }).where(eq(users.id, actor.userId));
  const view = await getUser(ctx.db, actor.userId);
  if (!view) throw new UnauthorizedError();
  return view;
}
