import { json, parseJsonBody, parseWith, requestActor, route } from '@/server/http';
import { runtime } from '@/server/runtime';
import { revokeIngestKey } from '@/server/services/ingest-keys/revoke-ingest-key';
import { ingestKeyIdSchema, updateIngestKeyInputSchema } from '@/server/services/ingest-keys/schemas';
import { updateIngestKey } from '@/server/services/ingest-keys/update-ingest-key';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ id: string }> };

/** Name, rate limit (events per second, null for the default) and backfill right; applies within 5 s. */
export const PATCH = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(ingestKeyIdSchema, (await params).id);
  const input = await parseJsonBody(request, updateIngestKeyInputSchema);
  return json(await updateIngestKey({ ctx: { db: runtime().db, actor }, id, input }));
});

/** Revokes the key; producers using it get 401 within 5 s. */
export const DELETE = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(ingestKeyIdSchema, (await params).id);
  await revokeIngestKey({ ctx: { db: runtime().db, actor }, id });
  return new Response(null, { status: 204 });
});
