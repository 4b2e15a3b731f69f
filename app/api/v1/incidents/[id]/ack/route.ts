import { json, parseWith, requestActor, route } from '@/server/http';
import { runtime } from '@/server/runtime';
import { acknowledgeIncident } from '@/server/services/incidents/acknowledge-incident';
import { incidentPublisher, optionalJsonBody } from '@/server/services/incidents/runtime-publisher';
import { incidentActionInputSchema, incidentIdSchema } from '@/server/services/incidents/schemas';

export const dynamic = 'force-dynamic';

export const POST = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requestActor(request);
  const id = parseWith(incidentIdSchema, (await params).id);
  const input = await optionalJsonBody(request, incidentActionInputSchema);
  return json(
    await acknowledgeIncident({ ctx: { db: runtime().db, actor, publish: incidentPublisher() }, id, input }),
  );
});
