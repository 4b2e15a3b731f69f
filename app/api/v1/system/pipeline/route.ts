import { requireRole } from '@/core/auth/context';
import { json, requestActor, route } from '@/server/http';
import { pipelineHealth } from '@/server/system/pipeline';
import { runtime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Ingest counters, queue backlog, worker heartbeats, database and notification health (operators and admins). */
export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'operator');
  return json(await pipelineHealth(runtime()), 200, { 'cache-control': 'no-store' });
});
