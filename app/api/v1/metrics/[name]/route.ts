import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { findMetric } from '@/core/queries/metrics/list-metrics';
import { runtime } from '@/server/runtime';
import { deleteMetric } from '@/core/services/metrics/delete-metric';
import { metricNameSchema, updateMetricInputSchema } from '@/core/services/metrics/schemas';
import { updateMetric } from '@/core/services/metrics/update-metric';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ name: string }> };

export const GET = route(async (request, { params }: Params) => {
  requireRole(await requestActor(request), 'viewer');
  const name = parseWith(metricNameSchema, (await params).name);
  const metric = await findMetric(runtime().db, name);
  if (!metric) throw new NotFoundError(`no metric named ${name}`);
  return json(metric);
});

export const PATCH = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const name = parseWith(metricNameSchema, (await params).name);
  const input = await parseJsonBody(request, updateMetricInputSchema);
  return json(await updateMetric({ ctx: { db: runtime().db, actor }, name, input }));
});

export const DELETE = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const name = parseWith(metricNameSchema, (await params).name);
  await deleteMetric({ ctx: { db: runtime().db, actor }, name });
  return new Response(null, { status: 204 });
});
