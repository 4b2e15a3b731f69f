import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { getSurgeRule } from '@/core/queries/surge/surge-rules';
import { runtime } from '@/server/runtime';
import { incidentPublisher } from '@/server/web/incident-publisher';
import { deleteSurgeRule } from '@/core/services/surge-rules/delete-surge-rule';
import { surgeRuleIdSchema, updateSurgeRuleInputSchema } from '@/core/services/surge-rules/schemas';
import { updateSurgeRule } from '@/core/services/surge-rules/update-surge-rule';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Params) => {
  requireRole(await requestActor(request), 'viewer');
  const id = parseWith(surgeRuleIdSchema, (await params).id);
  const rule = await getSurgeRule(runtime().db, id);
  if (!rule) throw new NotFoundError(`no surge rule with id ${id}`);
  return json(rule);
});

export const PATCH = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(surgeRuleIdSchema, (await params).id);
  const input = await parseJsonBody(request, updateSurgeRuleInputSchema);
  return json(await updateSurgeRule({ ctx: { db: runtime().db, actor }, id, input }));
});

export const DELETE = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(surgeRuleIdSchema, (await params).id);
  await deleteSurgeRule({ ctx: { db: runtime().db, actor, publish: incidentPublisher() }, id });
  return new Response(null, { status: 204 });
});
