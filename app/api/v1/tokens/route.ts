import { requireRole } from '@/core/auth/context';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { listTokens } from '@/core/queries/users/list-tokens';
import { runtime } from '@/server/runtime';
import { createToken } from '@/core/services/tokens/create-token';
import { createTokenInputSchema } from '@/core/services/tokens/schemas';

export const dynamic = 'force-dynamic';

/** The caller's own personal API tokens, masked. */
export const GET = route(async (request) => {
  const actor = requireRole(await requestActor(request), 'viewer');
  return json({ tokens: await listTokens(runtime().db, actor.userId) });
});

/** 201 `{token, ...}`: the token itself is in this response only. */
export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, createTokenInputSchema);
  const { token, view } = await createToken({ ctx: { db: runtime().db, actor }, input });
  return json({ token, ...view }, 201);
});
