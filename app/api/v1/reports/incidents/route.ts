import { requireRole } from '@/core/auth/context';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { incidentReport } from '@/core/queries/reports/incident-report';
import { incidentReportQuerySchema } from '@/core/queries/reports/schemas';
import { runtime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Incidents per day and the noisiest rules over a range (viewers and up). */
export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  return json(await incidentReport(runtime().db, parseQuery(request, incidentReportQuerySchema)));
});
