import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { getSilence } from '@/core/queries/rules/list-silences';
import { runtime } from '@/server/runtime';
import { deleteSilence } from '@/core/services/silences/delete-silence';
import { silenceIdSchema, updateSilenceInputSchema } from '@/core/services/silences/schemas';
import { updateSilence } from '@/core/services/silences/update-silence';

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
