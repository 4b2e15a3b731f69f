import { requireRole } from '@/server/auth/context';
import { json, parseQuery, parseWith, requestActor, route } from '@/server/http';
import { metricSeries } from '@/server/queries/metrics/metric-series';
import { runtime } from '@/server/runtime';
import { metricNameSchema, seriesQuerySchema } from '@/server/services/metrics/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request, { params }: { params: Promise<{ name: string }> }) => {
  requireRole(await requestActor(request), 'viewer');
  const name = parseWith(metricNameSchema, (await params).name);
  return json(await metricSeries(runtime().db, name, parseQuery(request, seriesQuerySchema)));
});
