import { requireRole } from '@/server/auth/context';
import { NotFoundError } from '@/server/errors';
import { json, parseWith, requestActor, route } from '@/server/http';
import { getIncidentDetail } from '@/server/queries/incidents/get-incident';
import { runtime } from '@/server/runtime';
import { incidentIdSchema } from '@/server/services/incidents/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  requireRole(await requestActor(request), 'viewer');
  const id = parseWith(incidentIdSchema, (await params).id);
  const incident = await getIncidentDetail(runtime().db, id);
  if (!incident) throw new NotFoundError(`no incident with id ${id}`);
  return json(incident);
});
