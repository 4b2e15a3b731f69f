import { requireRole } from '@/core/auth/context';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { listIngestKeys } from '@/core/queries/ingest-keys/list-ingest-keys';
import { runtime } from '@/server/runtime';
import { createIngestKey } from '@/core/services/ingest-keys/create-ingest-key';
import { createIngestKeyInputSchema } from '@/core/services/ingest-keys/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'admin');
  return json({ ingestKeys: await listIngestKeys(runtime().db) });
});

/** 201 `{key, ...}`: the key itself is in this response only. */
export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, createIngestKeyInputSchema);
  const { key, view } = await createIngestKey({ ctx: { db: runtime().db, actor }, input });
  return json({ key, ...view }, 201);
});
