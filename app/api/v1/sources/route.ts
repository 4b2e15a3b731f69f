import { requireRole } from '@/core/auth/context';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { listSources } from '@/core/queries/ingest-keys/list-ingest-keys';
import { runtime } from '@/server/runtime';
import { createSource } from '@/core/services/ingest-keys/create-source';
import { createSourceInputSchema } from '@/core/services/ingest-keys/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  return json({ sources: await listSources(runtime().db) });
});

export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, createSourceInputSchema);
  return json(await createSource({ ctx: { db: runtime().db, actor }, input }), 201);
});
