import { requireRole } from '@/core/auth/context';
import { json, requestActor, route } from '@/server/http';
import { listAssignableUsers } from '@/core/queries/users/list-assignable-users';
import { runtime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Operators pick an assignee from these; the full user list stays the admins'. */
export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'operator');
  return json({ users: await listAssignableUsers(runtime().db) });
});
