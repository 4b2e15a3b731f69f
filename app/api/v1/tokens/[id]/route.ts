import { requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { runtime } from '@/server/runtime';
import { revokeToken } from '@/core/services/tokens/revoke-token';
import { tokenIdSchema } from '@/core/services/tokens/schemas';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ id: string }> };

/** Revokes one of the caller's own tokens. */
export const DELETE = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(tokenIdSchema, (await params).id);
  await revokeToken({ ctx: { db: runtime().db, actor }, id });
  return new Response(null, { status: 204 });
});
