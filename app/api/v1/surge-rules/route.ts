import { requireRole } from '@/core/auth/context';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { listSurgeRules } from '@/core/queries/surge/surge-rules';
import { runtime } from '@/server/runtime';
import { createSurgeRule } from '@/core/services/surge-rules/create-surge-rule';
import { createSurgeRuleInputSchema } from '@/core/services/surge-rules/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  return json({ surgeRules: await listSurgeRules(runtime().db) });
});

export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, createSurgeRuleInputSchema);
  return json(await createSurgeRule({ ctx: { db: runtime().db, actor }, input }), 201);
});
