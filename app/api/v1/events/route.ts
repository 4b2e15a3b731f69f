import { handleIngest } from '@/server/ingest-endpoint';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { requireRole } from '@/core/auth/context';
import { runtime } from '@/server/runtime';
import { listEventsQuerySchema } from '@/core/services/events/schemas';
import { listEvents } from '@/core/queries/events/list-events';

export const dynamic = 'force-dynamic';

/** The custom server answers this path itself (server/index.ts); this handler serves the same contract. */
export const POST = (request: Request): Promise<Response> =>
  handleIngest({
    header: (name) => request.headers.get(name),
    body: request.body as AsyncIterable<Uint8Array> | null,
    receivedAt: Date.now(),
  });

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  const query = parseQuery(request, listEventsQuerySchema);
  return json(await listEvents(runtime().readDb, query));
});
