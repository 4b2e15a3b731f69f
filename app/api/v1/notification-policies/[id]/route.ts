import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { getPolicy } from '@/core/queries/notifications/policy-view';
import { runtime } from '@/server/runtime';
import { deletePolicy } from '@/core/services/notifications/delete-policy';
import { policyIdSchema, updatePolicyInputSchema } from '@/core/services/notifications/schemas';
import { updatePolicy } from '@/core/services/notifications/update-policy';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Params) => {
  requireRole(await requestActor(request), 'viewer');
  const id = parseWith(policyIdSchema, (await params).id);
  const policy = await getPolicy(runtime().db, id);
  if (!policy) throw new NotFoundError(`no notification policy with id ${id}`);
  return json(policy);
});

export const PATCH = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(policyIdSchema, (await params).id);
  const input = await parseJsonBody(request, updatePolicyInputSchema);
  return json(await updatePolicy({ ctx: { db: runtime().db, actor }, id, input }));
});

export const DELETE = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(policyIdSchema, (await params).id);
  await deletePolicy({ ctx: { db: runtime().db, actor }, id });
  return new Response(null, { status: 204 });
});
