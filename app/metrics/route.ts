import { prometheusText } from '@/server/observability/prometheus';
import { runtime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Prometheus text format (DESIGN.md contract); scrape every web process. */
export async function GET(): Promise<Response> {
  return new Response(await prometheusText(runtime()), {
    headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' },
  });
}
