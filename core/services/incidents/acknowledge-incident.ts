import { eq } from 'drizzle-orm';
import { incidents } from '@/db/schema';
import { changeIncident, type IncidentContext } from './change-incident';
import type { IncidentActionInput } from './schemas';
import type { IncidentView } from '@/contracts/responses/alerting';

/** An operator takes a triggered incident; acknowledging one that is not triggered is a conflict. */
export function acknowledgeIncident({
  ctx,
  id,
  input = {},
}: {
  ctx: IncidentContext;
  id: string;
  input?: IncidentActionInput;
}): Promise<IncidentView> {
  return changeIncident(ctx, id, {
    when: eq(incidents.status, 'triggered'),
    set: (at, actor) => ({ status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: actor.userId }),
    timeline: 'acknowledged',
    audit: 'incident.acknowledge',
    data: input.note ? { note: input.note } : {},
  });
}
