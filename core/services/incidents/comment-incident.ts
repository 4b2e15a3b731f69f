import type { IncidentView } from '@/core/queries/incidents/incident-view';
import { changeIncident, type IncidentContext } from './change-incident';
import type { CommentInput } from './schemas';

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
