import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { json, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { getIncidentDetail } from '@/core/queries/incidents/get-incident';
import { runtime } from '@/server/runtime';
import { incidentIdSchema } from '@/core/services/incidents/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  requireRole(await requestActor(request), 'viewer');
  const id = parseWith(incidentIdSchema, (await params).id);
  const incident = await getIncidentDetail(runtime().db, id);
  if (!incident) throw new NotFoundError(`no incident with id ${id}`);
  return json(incident);
});
