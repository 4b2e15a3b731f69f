import { json, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { runtime } from '@/server/runtime';
import { acknowledgeIncident } from '@/core/services/incidents/acknowledge-incident';
import { incidentPublisher, optionalJsonBody } from '@/server/web/incident-publisher';
import { incidentActionInputSchema, incidentIdSchema } from '@/core/services/incidents/schemas';

export const dynamic = 'force-dynamic';

export const POST = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requestActor(request);
  const id = parseWith(incidentIdSchema, (await params).id);
  const input = await optionalJsonBody(request, incidentActionInputSchema);
  return json(
    await acknowledgeIncident({ ctx: { db: runtime().db, actor, publish: incidentPublisher() }, id, input }),
  );
});
