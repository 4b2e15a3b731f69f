import { requireRole } from '@/core/auth/context';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { listRules } from '@/core/queries/rules/list-rules';
import { runtime } from '@/server/runtime';
import { createRule } from '@/core/services/rules/create-rule';
import { createRuleInputSchema } from '@/core/services/rules/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  return json({ rules: await listRules(runtime().db) });
});

export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, createRuleInputSchema);
  return json(await createRule({ ctx: { db: runtime().db, actor }, input }), 201);
});
