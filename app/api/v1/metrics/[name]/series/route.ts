import { requireRole } from '@/core/auth/context';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { metricSeries } from '@/core/queries/metrics/metric-series';
import { runtime } from '@/server/runtime';
import { metricNameSchema, seriesQuerySchema } from '@/core/services/metrics/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request, { params }: { params: Promise<{ name: string }> }) => {
  requireRole(await requestActor(request), 'viewer');
  const name = parseWith(metricNameSchema, (await params).name);
  return json(await metricSeries(runtime().db, name, parseQuery(request, seriesQuerySchema)));
});
