import { requireRole } from '@/core/auth/context';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { listPolicies } from '@/core/queries/notifications/policy-view';
import { runtime } from '@/server/runtime';
import { createPolicy } from '@/core/services/notifications/create-policy';
import { createPolicyInputSchema } from '@/core/services/notifications/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  return json({ policies: await listPolicies(runtime().db) });
});

export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, createPolicyInputSchema);
  return json(await createPolicy({ ctx: { db: runtime().db, actor }, input }), 201);
});
