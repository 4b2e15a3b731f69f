import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { getUser } from '@/core/queries/users/list-users';
import { runtime } from '@/server/runtime';
import { updateUserInputSchema, userIdSchema } from '@/core/services/users/schemas';
import { updateUser } from '@/core/services/users/update-user';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Params) => {
  requireRole(await requestActor(request), 'admin');
  const id = parseWith(userIdSchema, (await params).id);
  const user = await getUser(runtime().db, id);
  if (!user) throw new NotFoundError(`no user with id ${id}`);
  return json(user);
});

/** Name, role, `disabled` (disabling ends the user's sessions and tokens at once). */
export const PATCH = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(userIdSchema, (await params).id);
  const input = await parseJsonBody(request, updateUserInputSchema);
  return json(await updateUser({ ctx: { db: runtime().db, actor }, id, input }));
});
