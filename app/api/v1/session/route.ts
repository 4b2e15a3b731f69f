import { requestClientAddress } from '@/lib/http/client-address';
import { deleteSession, readCookie, sessionCookieName } from '@/core/auth/sessions';
import { checkOrigin, json, parseJsonBody, route } from '@/server/http';
import { runtime } from '@/server/runtime';
import { logIn } from '@/core/services/session/log-in';
import { loginInputSchema } from '@/core/services/session/schemas';

export const dynamic = 'force-dynamic';

function cookie(request: Request, value: string, maxAgeSeconds: number): string {
  const secure =
    new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  return [
    `${sessionCookieName}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export const POST = route(async (request) => {
  checkOrigin(request);
  const input = await parseJsonBody(request, loginInputSchema);
  const rt = runtime();
  const clientAddress = requestClientAddress(request);
  const result = await logIn({
    ctx: { db: rt.db, redis: rt.redis, prefix: rt.env.PULSEBOARD_REDIS_PREFIX, clientAddress },
    input,
  });
  const maxAge = Math.floor((result.expiresAt.getTime() - Date.now()) / 1000);
  return json({ user: result.user }, 200, { 'set-cookie': cookie(request, result.token, maxAge) });
});

export const DELETE = route(async (request) => {
  checkOrigin(request);
  const token = readCookie(request.headers.get('cookie'), sessionCookieName);
  if (token) await deleteSession(runtime().db, token);
  return new Response(null, { status: 204, headers: { 'set-cookie': cookie(request, '', 0) } });
});
