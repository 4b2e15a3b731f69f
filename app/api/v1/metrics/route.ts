import { requireRole } from '@/core/auth/context';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import { runtime } from '@/server/runtime';
import { createMetric } from '@/core/services/metrics/create-metric';
import { createMetricInputSchema } from '@/core/services/metrics/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  return json({ metrics: await listMetrics(runtime().db) });
});

export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, createMetricInputSchema);
  return json(await createMetric({ ctx: { db: runtime().db, actor }, input }), 201);
});
