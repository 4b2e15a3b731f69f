import { requestClientAddress } from '@/lib/http/client-address';
import { readCookie, sessionCookieName } from '@/core/auth/sessions';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { runtime } from '@/server/runtime';
import { changeOwnPassword } from '@/core/services/users/change-own-password';
import { changeOwnPasswordInputSchema } from '@/core/services/users/schemas';

export const dynamic = 'force-dynamic';

/** Changes the caller's own password; this browser stays signed in, every other session ends. */
export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, changeOwnPasswordInputSchema);
  const sessionToken = readCookie(request.headers.get('cookie'), sessionCookieName);
  const rt = runtime();
  const throttle = {
    redis: rt.redis,
    prefix: rt.env.PULSEBOARD_REDIS_PREFIX,
    clientAddress: requestClientAddress(request),
  };
  return json(await changeOwnPassword({ ctx: { db: rt.db, actor, sessionToken, throttle }, input }));
});
