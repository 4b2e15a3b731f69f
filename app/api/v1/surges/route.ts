import { requireRole } from '@/core/auth/context';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { listSurgeEvents } from '@/core/queries/surge/surge-events';
import { runtime } from '@/server/runtime';
import { surgeHistoryQuerySchema } from '@/core/services/surge-rules/schemas';

export const dynamic = 'force-dynamic';

/** The multiplier changes of surge rules, newest first. */
export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  const query = parseQuery(request, surgeHistoryQuerySchema);
  return json({ surges: await listSurgeEvents(runtime().db, query) });
});
