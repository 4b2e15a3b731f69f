import { requireRole } from '@/server/auth/context';
import { NotFoundError } from '@/server/errors';
import { json, parseJsonBody, parseWith, requestActor, route } from '@/server/http';
import { getSilence } from '@/server/queries/rules/list-silences';
import { runtime } from '@/server/runtime';
import { deleteSilence } from '@/server/services/silences/delete-silence';
import { silenceIdSchema, updateSilenceInputSchema } from '@/server/services/silences/schemas';
import { updateSilence } from '@/server/services/silences/update-silence';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Params) => {
  requireRole(await requestActor(request), 'viewer');
  const id = parseWith(silenceIdSchema, (await params).id);
  const silence = await getSilence(runtime().db, id);
  if (!silence) throw new NotFoundError(`no silence with id ${id}`);
  return json(silence);
});

export const PATCH = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(silenceIdSchema, (await params).id);
  const input = await parseJsonBody(request, updateSilenceInputSchema);
  return json(await updateSilence({ ctx: { db: runtime().db, actor }, id, input }));
});

export const DELETE = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(silenceIdSchema, (await params).id);
  await deleteSilence({ ctx: { db: runtime().db, actor }, id });
  return new Response(null, { status: 204 });
});
