import { clusterMetricsText } from '@/lib/observability/cluster-metrics';
import { countAlertingProblems } from '@/core/queries/system/alerting-problems';
import type { Runtime } from '@/server/runtime';
import { webMetrics } from './metrics';

/**
 * The Prometheus text exposition of this web process (its own counters, histograms, process and Node.js
 * metrics), followed by the cluster-wide gauges when this process holds their lease.
 */
export async function prometheusText(rt: Runtime): Promise<string> {
  const m = webMetrics();
  const [own, cluster] = await Promise.all([
    m.registry.metrics(),
    clusterMetricsText({
      redis: rt.redis,
      prefix: rt.env.PULSEBOARD_REDIS_PREFIX,
      processId: m.processId,
      ingestQueue: rt.queues.ingest,
      alertingProblems: () => countAlertingProblems(rt.db),
    }),
  ]);
  return own + cluster;
}
