import { json, parseJsonBody, parseWith, requestActor, route } from '@/server/http';
import { runtime } from '@/server/runtime';
import { assignIncident } from '@/server/services/incidents/assign-incident';
import { incidentPublisher } from '@/server/services/incidents/runtime-publisher';
import { assignInputSchema, incidentIdSchema } from '@/server/services/incidents/schemas';

export const dynamic = 'force-dynamic';

export const POST = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requestActor(request);
  const id = parseWith(incidentIdSchema, (await params).id);
  const input = await parseJsonBody(request, assignInputSchema);
  return json(
    await assignIncident({ ctx: { db: runtime().db, actor, publish: incidentPublisher() }, id, input }),
  );
});
