import { requireRole } from '@/server/auth/context';
import { json, requestActor, route } from '@/server/http';
import { listMetrics } from '@/server/queries/metrics/list-metrics';
import { runtime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  return json({ metrics: await listMetrics(runtime().db) });
});
