import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { runtime } from '@/server/runtime';
import { commentIncident } from '@/core/services/incidents/comment-incident';
import { incidentPublisher } from '@/server/web/incident-publisher';
import { commentInputSchema, incidentIdSchema } from '@/core/services/incidents/schemas';

export const dynamic = 'force-dynamic';

export const POST = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requestActor(request);
  const id = parseWith(incidentIdSchema, (await params).id);
  const input = await parseJsonBody(request, commentInputSchema);
  return json(
    await commentIncident({ ctx: { db: runtime().db, actor, publish: incidentPublisher() }, id, input }),
  );
});
