import { requireRole } from '@/core/auth/context';
import { UnauthorizedError } from '@/core/errors';
import { json, requestActor, route } from '@/server/http';
import { getUser } from '@/core/queries/users/list-users';
import { runtime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** The signed-in user (or the token's owner). */
export const GET = route(async (request) => {
  const actor = requireRole(await requestActor(request), 'viewer');
  const user = await getUser(runtime().db, actor.userId);
  if (!user) throw new UnauthorizedError();
  return json(user);
});
