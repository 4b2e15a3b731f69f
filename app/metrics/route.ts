import { json } from '@/server/http';
import { mayReadInternals } from '@/lib/http/internals-access';
import { prometheusText } from '@/server/observability/prometheus';
import { runtime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/**
 * Prometheus text format (DESIGN.md contract); scrape every web process. Only with the bearer token
 * `PULSEBOARD_METRICS_TOKEN` or from loopback: anyone else gets 401 and no numbers.
 */
export async function GET(request: Request): Promise<Response> {
  const rt = runtime();
  if (!mayReadInternals(request, rt.env.PULSEBOARD_METRICS_TOKEN)) {
    return json(
      {
        error: {
          code: 'unauthorized',
          message: 'metrics need Authorization: Bearer <PULSEBOARD_METRICS_TOKEN>, or a loopback client',
        },
      },
      401,
      { 'www-authenticate': 'Bearer realm="pulseboard-metrics"' },
    );
  }
  return new Response(await prometheusText(rt), {
    headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' },
  });
}
