import { json, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { runtime } from '@/server/runtime';
import { evaluateIncident } from '@/core/services/incidents/incident-evaluation';
import { incidentIdSchema } from '@/core/services/incidents/schemas';

export const dynamic = 'force-dynamic';

/** The incident's rule evaluated around it: the value it compared, the threshold and clear lines. */
export const GET = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requestActor(request);
  const id = parseWith(incidentIdSchema, (await params).id);
  return json(await evaluateIncident({ ctx: { db: runtime().db, actor }, id }));
});
