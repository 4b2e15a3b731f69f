import { requireRole } from '@/core/auth/context';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { incidentStats } from '@/core/queries/incidents/incident-stats';
import { runtime } from '@/server/runtime';
import { incidentStatsQuerySchema } from '@/core/services/incidents/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  return json(await incidentStats(runtime().db, parseQuery(request, incidentStatsQuerySchema)));
});
