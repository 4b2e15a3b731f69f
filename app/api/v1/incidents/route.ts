import { requireRole } from '@/core/auth/context';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { listIncidents } from '@/core/queries/incidents/list-incidents';
import { runtime } from '@/server/runtime';
import { listIncidentsQuerySchema } from '@/core/services/incidents/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  return json(await listIncidents(runtime().db, parseQuery(request, listIncidentsQuerySchema)));
});
