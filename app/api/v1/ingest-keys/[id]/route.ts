import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { runtime } from '@/server/runtime';
import { revokeIngestKey } from '@/core/services/ingest-keys/revoke-ingest-key';
import { ingestKeyIdSchema, updateIngestKeyInputSchema } from '@/core/services/ingest-keys/schemas';
import { updateIngestKey } from '@/core/services/ingest-keys/update-ingest-key';

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
