import { requireRole } from '@/core/auth/context';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { listUsers } from '@/core/queries/users/list-users';
import { runtime } from '@/server/runtime';
import { createUser } from '@/core/services/users/create-user';
import { createUserInputSchema } from '@/core/services/users/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'admin');
  return json({ users: await listUsers(runtime().db) });
});

/** 201 `{user, password}`: `password` is the generated one, shown this once, or null when the admin set it. */
export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, createUserInputSchema);
  const { user, generatedPassword } = await createUser({ ctx: { db: runtime().db, actor }, input });
  return json({ user, password: generatedPassword }, 201);
});
