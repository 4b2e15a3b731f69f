import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createDb, createSql } from '@/db/client';
import { redisDurability } from '@/lib/durability';
import { pagerDutyEventsUrl } from '@/lib/env-common';
import { recordFlush } from '@/lib/pipeline-stats';
import { secretKey } from '@/lib/notifications/secrets';
import { clusterMetricsText } from '@/lib/observability/cluster-metrics';
import { countAlertingProblems } from '@/core/queries/system/alerting-problems';
import { framePublisher, pubsubMode } from '@/lib/pubsub';
import { openIngestQueues } from '@/lib/queues';
import { createRedis, disconnectClusters } from '@/lib/redis';
import { workerHeartbeatKey } from '@/lib/redis-names';
import { ingestPartitionsTaken, linkOrigin, workerEnv } from './env';
import { startIngestWorker } from './ingest';
import { startMaintenanceWorker } from './maintenance';
import { startMetricsServer } from './metrics-server';
import { workerMetrics } from './metrics';
import { startNotifyWorker } from './notify';
import { configureRetention } from './retention';
import { startRulesWorker } from './rules';
import { errorFields } from '@/core/errors';
import { quietRepeats, type LogLevel } from '@/lib/observability/quiet-repeats';

process.env.PULSEBOARD_PROCESS ??= 'worker';
const env = workerEnv();
// A failure that repeats (every job and tick while PostgreSQL is down) is written once a minute with its count.
const log = quietRepeats((level: LogLevel, msg: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ level, time: new Date().toISOString(), proc: 'worker', msg, ...extra })),
);

const workerId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
const sql = createSql(env.DATABASE_URL, { max: 6, appName: 'pulseboard-worker' });
/** For the cluster gauges of what cannot page anyone (drizzle over the same pool). */
const alertingDb = createDb(sql);
// The alerting path (rule ticks, evaluation after a flush, the outbox, deliveries) has connections of its
// own: behind busy ingest, flush transactions held the shared pool and a breach's outbox read waited for
// one (commit → outbox read p95 about 1 s beside 9,000 events/s).
const alertSql = createSql(env.DATABASE_URL, { max: 6, appName: 'pulseboard-worker-alerts' });
const redis = createRedis(env.REDIS_URL, { maxRetriesPerRequest: null });
redis.on('error', (error: Error) => log('warn', 'redis error', { error: error.message }));

// Frames go out on the pub/sub mode's channels (lib/pubsub.ts); the publishers name the classic ones.
const frames = framePublisher(redis, { prefix: env.PULSEBOARD_REDIS_PREFIX, mode: pubsubMode(env) });

const durability = await redisDurability(redis);
if (durability.status !== 'ok') log('warn', `durability ${durability.status}: ${durability.detail}`);

const rules = await startRulesWorker({
  sql: alertSql,
  publisher: frames,
  redisUrl: env.REDIS_URL,
  prefix: env.PULSEBOARD_REDIS_PREFIX,
  log,
});
rules.worker.on('failed', (job, error) =>
  log('warn', 'rules job failed', { job: job?.name, ...errorFields(error) }),
);

const ingest = startIngestWorker({
  sql,
  publisher: frames,
  redisUrl: env.REDIS_URL,
  prefix: env.PULSEBOARD_REDIS_PREFIX,
  latenessMs: env.PULSEBOARD_LATENESS_SECONDS * 1000,
  partitions: env.PULSEBOARD_INGEST_PARTITIONS,
  partitionSet: ingestPartitionsTaken(env),
  concurrency: env.PULSEBOARD_INGEST_CONCURRENCY,
  maxJobBytes: env.PULSEBOARD_WORKER_MAX_JOB_BYTES,
  flushMs: env.PULSEBOARD_FLUSH_MS,
  lockMs: env.PULSEBOARD_JOB_LOCK_MS,
  flushConcurrency: env.PULSEBOARD_FLUSH_CONCURRENCY,
  flushMaxEvents: env.PULSEBOARD_FLUSH_MAX_EVENTS,
  onFlush: (outcome) => {
    // The Pipeline page's exact stored/duplicate/late counts; best effort, after the commit.
    void recordFlush(redis, env.PULSEBOARD_REDIS_PREFIX, outcome).catch(() => {});
    // Rules on the metrics the flush changed are evaluated now, not at the next tick.
    if (outcome.points.length > 0) rules.flushed(outcome.points.map((p) => p.metric));
  },
});
for (const worker of ingest.workers) {
  worker.on('failed', (job, error) =>
    log('warn', 'ingest job failed; it will be retried', {
      queue: worker.name,
      jobId: job?.id,
      ...errorFields(error),
    }),
  );
}
const retention = {
  eventsDays: env.PULSEBOARD_RETENTION_EVENTS_DAYS,
  pointsDays: env.PULSEBOARD_RETENTION_POINTS_DAYS,
  rollups1mDays: env.PULSEBOARD_RETENTION_ROLLUPS_1M_DAYS,
  rollups1hDays: env.PULSEBOARD_RETENTION_ROLLUPS_1H_DAYS,
  eventsCompressAfterDays: env.PULSEBOARD_COMPRESS_EVENTS_DAYS,
  pointsCompressAfterDays: env.PULSEBOARD_COMPRESS_POINTS_DAYS,
};
const timescaleManaged = await configureRetention(sql, retention);
log(
  'info',
  timescaleManaged ? 'TimescaleDB policies applied' : 'plain PostgreSQL: retention job deletes old rows',
);
const maintenance = await startMaintenanceWorker({
  sql,
  redisUrl: env.REDIS_URL,
  prefix: env.PULSEBOARD_REDIS_PREFIX,
  dedupHours: env.PULSEBOARD_DEDUP_HOURS,
  latenessMs: env.PULSEBOARD_LATENESS_SECONDS * 1000,
  retention,
  timescaleManaged,
});

const links = linkOrigin(env);
if (!links.configured) {
  log(
    'warn',
    `links in notifications point at ${links.url}: set PULSEBOARD_PUBLIC_URL to the console's address when it is reached through a proxy or from other machines`,
  );
}
const notify = startNotifyWorker({
  sql: alertSql,
  redisUrl: env.REDIS_URL,
  prefix: env.PULSEBOARD_REDIS_PREFIX,
  secretKey: secretKey(env.PULSEBOARD_SECRET),
  pagerDutyUrl: pagerDutyEventsUrl(env),
  allowPrivate: env.PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS === 'on',
  publicUrl: links.url,
  lockMs: env.PULSEBOARD_JOB_LOCK_MS,
  pauseAfterSendMs: env.PULSEBOARD_NOTIFY_PAUSE_AFTER_SEND_MS,
  log,
});

// Its own numbers on its own port, and the cluster-wide gauges when it holds their lease (cluster-metrics.ts).
// Fail fast: a scrape reports Redis down rather than waiting for it; the log has the client's errors.
const ingestQueue = openIngestQueues({
  redisUrl: env.REDIS_URL,
  prefix: env.PULSEBOARD_REDIS_PREFIX,
  partitions: env.PULSEBOARD_INGEST_PARTITIONS,
  failFast: true,
});
const metricsServer =
  env.PULSEBOARD_WORKER_METRICS_PORT === 0
    ? null
    : await startMetricsServer({
        port: env.PULSEBOARD_WORKER_METRICS_PORT,
        host: env.PULSEBOARD_WORKER_METRICS_HOST,
        token: env.PULSEBOARD_METRICS_TOKEN,
        render: async () =>
          (await workerMetrics().registry.metrics()) +
          (await clusterMetricsText({
            redis,
            prefix: env.PULSEBOARD_REDIS_PREFIX,
            processId: workerId,
            ingestQueue,
            alertingProblems: () => countAlertingProblems(alertingDb),
          })),
        log,
      });

// Heartbeat: /api/ready reports the workers as reachable while at least one key is fresh.
const beat = () =>
  redis
    .set(workerHeartbeatKey(env.PULSEBOARD_REDIS_PREFIX, workerId), String(Date.now()), 'PX', 10_000)
    .catch(() => {});
void beat();
const heartbeat = setInterval(() => void beat(), 3_000);
log('info', 'worker started', {
  workerId,
  concurrency: env.PULSEBOARD_INGEST_CONCURRENCY,
  ingestPartitions: ingestPartitionsTaken(env),
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log('info', `${signal}: finishing the current batch`);
  const force = setTimeout(() => process.exit(1), 10_000);
  clearInterval(heartbeat);
  await Promise.allSettled([
    ingest.close(),
    maintenance.close(),
    rules.close(),
    notify.close(),
    metricsServer?.close(),
    ingestQueue.close(),
  ]);
  await redis.del(workerHeartbeatKey(env.PULSEBOARD_REDIS_PREFIX, workerId)).catch(() => {});
  redis.disconnect();
  disconnectClusters(); // a Redis Cluster's BullMQ connections: BullMQ leaves the clients it was given open
  await Promise.all([sql.end({ timeout: 5 }), alertSql.end({ timeout: 5 })]);
  clearTimeout(force);
  log.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
