import { requireRole } from '@/core/auth/context';
import { UnauthorizedError } from '@/core/errors';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { getUser } from '@/core/queries/users/list-users';
import { runtime } from '@/server/runtime';
import { updateOwnPreferencesInputSchema } from '@/core/services/users/schemas';
import { updateOwnPreferences } from '@/core/services/users/update-own-preferences';

export const dynamic = 'force-dynamic';

/** The signed-in user (or the token's owner). */
export const GET = route(async (request) => {
  const actor = requireRole(await requestActor(request), 'viewer');
  const user = await getUser(runtime().db, actor.userId);
  if (!user) throw new UnauthorizedError();
  return json(user);
});

/** The caller's own preferences: `timeZone` (IANA or `UTC`; null follows the browser). */
export const PATCH = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, updateOwnPreferencesInputSchema);
  return json(await updateOwnPreferences({ ctx: { db: runtime().db, actor }, input }));
});
