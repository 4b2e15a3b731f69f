import { changeIncident, type IncidentContext } from './change-incident';
import type { CommentInput } from './schemas';
import type { IncidentView } from '@/contracts/responses/alerting';

/** Adds a comment to the timeline, whatever the incident's status. */
export function commentIncident({
  ctx,
  id,
  input,
}: {
  ctx: IncidentContext;
  id: string;
  input: CommentInput;
}): Promise<IncidentView> {
  return changeIncident(ctx, id, {
    set: () => ({}),
    timeline: 'comment',
    audit: 'incident.comment',
    data: { text: input.text },
  });
}
