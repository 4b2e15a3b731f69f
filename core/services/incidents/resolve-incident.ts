import { ne } from 'drizzle-orm';
import { incidents } from '@/db/schema';
import { changeIncident, type IncidentContext } from './change-incident';
import type { IncidentActionInput } from './schemas';
import type { IncidentView } from '@/contracts/responses/alerting';

/**
 * An operator resolves an incident. If the rule still fires, the incident stays resolved until the series
 * clears and fires again (then it reopens, or a new one opens).
 */
export function resolveIncident({
  ctx,
  id,
  input = {},
}: {
  ctx: IncidentContext;
  id: string;
  input?: IncidentActionInput;
}): Promise<IncidentView> {
  return changeIncident(ctx, id, {
    when: ne(incidents.status, 'resolved'),
    set: (at, actor) => ({ status: 'resolved', resolvedAt: at, resolvedBy: actor.userId, flapping: false }),
    timeline: 'resolved',
    audit: 'incident.resolve',
    data: input.note ? { note: input.note } : {},
  });
}
