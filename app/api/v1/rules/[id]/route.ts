import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { getRule } from '@/core/queries/rules/get-rule';
import { runtime } from '@/server/runtime';
import { incidentPublisher } from '@/server/web/incident-publisher';
import { deleteRule } from '@/core/services/rules/delete-rule';
import { ruleIdSchema, updateRuleInputSchema } from '@/core/services/rules/schemas';
import { updateRule } from '@/core/services/rules/update-rule';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Params) => {
  requireRole(await requestActor(request), 'viewer');
  const id = parseWith(ruleIdSchema, (await params).id);
  const rule = await getRule(runtime().db, id);
  if (!rule) throw new NotFoundError(`no rule with id ${id}`);
  return json(rule);
});

export const PATCH = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(ruleIdSchema, (await params).id);
  const input = await parseJsonBody(request, updateRuleInputSchema);
  return json(await updateRule({ ctx: { db: runtime().db, actor }, id, input }));
});

export const DELETE = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(ruleIdSchema, (await params).id);
  await deleteRule({ ctx: { db: runtime().db, actor, publish: incidentPublisher() }, id });
  return new Response(null, { status: 204 });
});
