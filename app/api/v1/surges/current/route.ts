import { requireRole } from '@/core/auth/context';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { listCurrentSurges } from '@/core/queries/surge/surge-events';
import { runtime } from '@/server/runtime';
import { currentSurgesQuerySchema } from '@/core/services/surge-rules/schemas';

export const dynamic = 'force-dynamic';

/** The current multiplier of each group of each surge rule. */
export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  const query = parseQuery(request, currentSurgesQuerySchema);
  return json({ surges: await listCurrentSurges(runtime().db, query) });
});
