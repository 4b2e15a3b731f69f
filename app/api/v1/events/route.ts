import { findIngestKey } from '@/server/auth/ingest-keys';
import { UnauthorizedError, ValidationError } from '@/server/errors';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { requireRole } from '@/server/auth/context';
import { runtime } from '@/server/runtime';
import { ingestEvents } from '@/server/services/events/ingest';
import { parseEventsBody, readBodyLimited } from '@/server/services/events/parse-body';
import { listEventsQuerySchema } from '@/server/services/events/schemas';
import { listEvents } from '@/server/queries/events/list-events';

export const dynamic = 'force-dynamic';

export const POST = route(async (request) => {
  const receivedAt = Date.now();
  const auth = request.headers.get('authorization');
  const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : '';
  if (!bearer) throw new UnauthorizedError('send an ingest key as Authorization: Bearer <key>');
  const rt = runtime();
  const key = await findIngestKey(rt.db, bearer);
  if (!key) throw new UnauthorizedError('unknown or revoked ingest key');
  const raw = parseEventsBody(request.headers.get('content-type'), await readBodyLimited(request));
  try {
    const result = await ingestEvents({
      ctx: {
        key,
        queue: rt.ingestQueue,
        maxBacklog: rt.env.PULSEBOARD_MAX_BACKLOG,
        maxSkewMs: rt.env.PULSEBOARD_MAX_CLOCK_SKEW_SECONDS * 1000,
      },
      input: { events: raw, receivedAt },
    });
    return json(result, 202);
  } catch (error) {
    if (error instanceof ValidationError && 'rejected' in error) {
      return json(
        {
          error: { code: error.code, message: error.message, field: error.field },
          accepted: 0,
          rejected: error.rejected,
        },
        400,
      );
    }
    throw error;
  }
});

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  const query = parseQuery(request, listEventsQuerySchema);
  return json(await listEvents(runtime().db, query));
});
