import { z } from 'zod';
import { severities } from '@/lib/alerting/types';

// What the reports API answers.

/** Incidents opened on one calendar day of the report's time zone. */
export const incidentDaySchema = z.object({
  day: z.string(),
  incidents: z.number(),
  bySeverity: z.record(z.enum(severities), z.number()),
});
export type IncidentDay = z.infer<typeof incidentDaySchema>;

/** One rule (alert or surge rule) ranked by how much noise it made in the range. */
export const noisyRuleSchema = z.object({
  ruleId: z.string().nullable(),
  surgeRuleId: z.string().nullable(),
  ruleName: z.string(),
  incidents: z.number(),
  /** Times its incidents re-fired after a resolve and were reopened. */
  reopenings: z.number(),
});
export type NoisyRule = z.infer<typeof noisyRuleSchema>;

export const incidentReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  total: z.number(),
  /** Every day of the range, oldest first; days without incidents are listed with zeros. */
  perDay: z.array(incidentDaySchema),
  /** Most incidents first (ties: most reopenings). */
  mostIncidents: z.array(noisyRuleSchema),
  /** Most reopenings first, only rules with at least one. */
  mostReopened: z.array(noisyRuleSchema),
});
export type IncidentReport = z.infer<typeof incidentReportSchema>;
