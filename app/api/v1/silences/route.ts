import { requireRole } from '@/core/auth/context';
import { json, parseJsonBody, parseQuery, requestActor, route } from '@/server/http';
import { listSilences } from '@/core/queries/rules/list-silences';
import { runtime } from '@/server/runtime';
import { createSilence } from '@/core/services/silences/create-silence';
import { createSilenceInputSchema, listSilencesQuerySchema } from '@/core/services/silences/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  return json({ silences: await listSilences(runtime().db, parseQuery(request, listSilencesQuerySchema)) });
});

export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, createSilenceInputSchema);
  return json(await createSilence({ ctx: { db: runtime().db, actor }, input }), 201);
});
