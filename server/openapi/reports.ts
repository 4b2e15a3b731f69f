import { z } from 'zod';
import { errorSchema, type Same } from '@/server/openapi-components';
import { severities } from '@/lib/alerting/types';
import type { IncidentReport } from '@/core/queries/reports/incident-report';
import { incidentReportQuerySchema } from '@/core/queries/reports/schemas';

/** The reports part of /api/v1/openapi.json. */

const noisyRule = z.object({
  ruleId: z.string().nullable(),
  surgeRuleId: z.string().nullable(),
  ruleName: z.string(),
  incidents: z.number(),
  reopenings: z.number(),
});
const reportSchema = z.object({
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  total: z.number(),
  perDay: z.array(
    z.object({
      day: z.string(),
      incidents: z.number(),
      bySeverity: z.record(z.enum(severities), z.number()),
    }),
  ),
  mostIncidents: z.array(noisyRule),
  mostReopened: z.array(noisyRule),
});

// The documented shape must stay the one the handler returns: a drift is a compile error here.
const shapesMatch: Same<z.infer<typeof reportSchema>, IncidentReport> = true;
void shapesMatch;

export const reportOperations = [
  {
    method: 'get' as const,
    path: '/api/v1/reports/incidents',
    summary: 'Incidents per day (in tz) and the noisiest rules, over the incidents opened in [from, to)',
    auth: 'session' as const,
    query: incidentReportQuerySchema,
    responses: { 200: reportSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema },
  },
];
