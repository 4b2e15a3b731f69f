import { requireRole } from '@/core/auth/context';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { metricCurrent } from '@/core/queries/metrics/metric-current';
import { runtime } from '@/server/runtime';
import { currentQuerySchema, metricNameSchema } from '@/core/services/metrics/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request, { params }: { params: Promise<{ name: string }> }) => {
  requireRole(await requestActor(request), 'viewer');
  const name = parseWith(metricNameSchema, (await params).name);
  return json(await metricCurrent(runtime().db, name, parseQuery(request, currentQuerySchema)));
});
