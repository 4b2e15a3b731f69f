import { z } from 'zod';
import { isoInstant } from '@/core/validation';
import { incidentStatuses, severities } from '@/lib/alerting/types';

export const incidentIdSchema = z.uuid({ error: 'not an incident id' }).toLowerCase();

export const listIncidentsQuerySchema = z
  .strictObject({
    /** A status, or `open` for triggered and acknowledged ones. */
    status: z
      .enum([...incidentStatuses, 'open'], {
        error: 'status must be triggered, acknowledged, resolved or open',
      })
      .optional(),
    severity: z.enum(severities, { error: `severity must be one of ${severities.join(', ')}` }).optional(),
    rule: z.uuid({ error: 'rule must be a rule id' }).toLowerCase().optional(),
    /** Incidents of one surge rule. */
    surgeRule: z.uuid({ error: 'surgeRule must be a surge rule id' }).toLowerCase().optional(),
    /** Incidents of the rules on one metric (a surge rule's demand or supply metric counts). */
    metric: z.string().min(1).max(64, 'metric is at most 64 characters').optional(),
    /** A user id, or `none` for unassigned incidents. */
    assignee: z
      .union([z.uuid().toLowerCase(), z.literal('none')], { error: 'assignee must be a user id or none' })
      .optional(),
    /** Incidents opened at or after this instant. */
    from: isoInstant('from').optional(),
    /** Incidents opened before this instant. */
    to: isoInstant('to').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    path: ['to'],
    message: 'to must be after from',
  });
export type ListIncidentsQuery = z.infer<typeof listIncidentsQuerySchema>;

export const commentInputSchema = z.strictObject({
  text: z.string().trim().min(1, 'a comment needs text').max(5000, 'a comment is at most 5,000 characters'),
});
export type CommentInput = z.infer<typeof commentInputSchema>;

export const assignInputSchema = z.strictObject({
  /** The user to assign, or null to unassign. */
  userId: z.uuid({ error: 'userId must be a user id or null' }).toLowerCase().nullable(),
});
export type AssignInput = z.infer<typeof assignInputSchema>;

/** Optional note with an acknowledgement or a manual resolve, kept in the timeline. */
export const incidentActionInputSchema = z.strictObject({
  note: z.string().trim().max(2000).optional(),
});
export type IncidentActionInput = z.infer<typeof incidentActionInputSchema>;

export const incidentStatsQuerySchema = z.strictObject({
  from: isoInstant('from'),
  to: isoInstant('to'),
});
export type IncidentStatsQuery = z.infer<typeof incidentStatsQuerySchema>;
