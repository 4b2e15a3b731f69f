import { json, route } from '@/server/http';
import { mayReadInternals } from '@/lib/http/internals-access';
import { readiness } from '@/server/system/readiness';
import { runtime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/**
 * 200 when the database, Redis and a worker are reachable, else 503. The components, their errors and
 * the durability only with the bearer token `PULSEBOARD_METRICS_TOKEN` or from loopback; anyone else
 * gets the bare `{ready}`, enough for a load balancer.
 */
export const GET = route(async (request) => {
  const rt = runtime();
  const result = await readiness(rt);
  const body = mayReadInternals(request, rt.env.PULSEBOARD_METRICS_TOKEN) ? result : { ready: result.ready };
  return json(body, result.ready ? 200 : 503, result.ready ? {} : { 'retry-after': '5' });
});
