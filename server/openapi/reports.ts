import { errorSchema } from '@/contracts/responses/common';
import { incidentReportSchema } from '@/contracts/responses/reports';
import { incidentReportQuerySchema } from '@/core/queries/reports/schemas';

/** The reports part of /api/v1/openapi.json. */

export const reportOperations = [
  {
    method: 'get' as const,
    path: '/api/v1/reports/incidents',
    summary: 'Incidents per day (in tz) and the noisiest rules, over the incidents opened in [from, to)',
    auth: 'session' as const,
    query: incidentReportQuerySchema,
    responses: { 200: incidentReportSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema },
  },
];
