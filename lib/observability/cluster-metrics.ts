import type { Queue } from 'bullmq';
import { Gauge, Registry } from 'prom-client';
import { countLiveWorkers } from '@/lib/live-workers';
import type { RedisClient } from '@/lib/redis';
import { clusterExporterKey } from '@/lib/redis-names';

/** How long the cluster exporter's lease lasts without a scrape renewing it. @defaultValue 30000 */
export const clusterExporterLeaseMs = 30_000;

// Renews the lease when this process holds it, else takes it when nobody does: one atomic step.
const leaseScript = `
if redis.call('get', KEYS[1]) == ARGV[1] then
  redis.call('pexpire', KEYS[1], ARGV[2])
  return 1
end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

/** Whether `processId` holds (now renewed) or has just taken the cluster exporter's lease. */
export async function holdClusterExporterLease(
  redis: RedisClient,
  prefix: string,
  processId: string,
  leaseMs = clusterExporterLeaseMs,
): Promise<boolean> {
  const held = await redis.eval(leaseScript, 1, clusterExporterKey(prefix), processId, String(leaseMs));
  return held === 1;
}

/** Enabled rules and surge rules that cannot be evaluated, enabled channels whose last delivery failed. */
export type AlertingProblems = { rules: number; surgeRules: number; channels: number };

export type ClusterSource = {
  redis: RedisClient;
  prefix: string;
  /** This process, as the lease names it. */
  processId: string;
  ingestQueue: Pick<Queue, 'getJobCounts'>;
  /** Read from the database (core/queries/system/alerting-problems.ts); its gauges are left out when it fails. */
  alertingProblems?: () => Promise<AlertingProblems>;
};

const scope = { scope: 'cluster' };

/**
 * The cluster-wide gauges (ingest queue by state, live workers, Redis up, rules and channels that cannot
 * page), labelled `scope="cluster"`, in
 * Prometheus text, or '' when another process holds the lease: every process scraped, one exports them, so
 * summing over processes counts each once. A process that cannot reach Redis says so (`pulseboard_redis_up 0`):
 * it cannot know who holds the lease, and a silent outage would look like no data.
 */
export async function clusterMetricsText(source: ClusterSource): Promise<string> {
  const registry = new Registry();
  const redisUp = () =>
    new Gauge({
      name: 'pulseboard_redis_up',
      help: 'Redis reachable (1) or not (0), cluster-wide: exported by one process only.',
      labelNames: ['scope'],
      registers: [registry],
    });
  let held: boolean;
  try {
    held = await holdClusterExporterLease(source.redis, source.prefix, source.processId);
  } catch {
    redisUp().set(scope, 0);
    return registry.metrics();
  }
  if (!held) return '';
  try {
    const jobs = await source.ingestQueue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    const workers = await countLiveWorkers(source.redis, source.prefix);
    const queue = new Gauge({
      name: 'pulseboard_ingest_queue_jobs',
      help: 'Ingest batches in the queue, by state (failed = dead-lettered), cluster-wide.',
      labelNames: ['scope', 'state'],
      registers: [registry],
    });
    for (const [state, n] of Object.entries(jobs)) queue.set({ ...scope, state }, n);
    new Gauge({
      name: 'pulseboard_workers',
      help: 'Workers with a fresh heartbeat, cluster-wide.',
      labelNames: ['scope'],
      registers: [registry],
    }).set(scope, workers);
    redisUp().set(scope, 1);
  } catch {
    redisUp().set(scope, 0);
  }
  if (source.alertingProblems) {
    try {
      const problems = await source.alertingProblems();
      const rules = new Gauge({
        name: 'pulseboard_rules_failing',
        help: 'Enabled rules (kind="rule") and surge rules (kind="surge") the workers cannot evaluate, so cannot fire, cluster-wide.',
        labelNames: ['scope', 'kind'],
        registers: [registry],
      });
      rules.set({ ...scope, kind: 'rule' }, problems.rules);
      rules.set({ ...scope, kind: 'surge' }, problems.surgeRules);
      new Gauge({
        name: 'pulseboard_channels_failing',
        help: 'Enabled notification channels whose newest delivery failed for good, cluster-wide.',
        labelNames: ['scope'],
        registers: [registry],
      }).set(scope, problems.channels);
    } catch {
      // The database is unreachable: /api/ready and pulseboard_* database figures say so; no guess here.
    }
  }
  return registry.metrics();
}
