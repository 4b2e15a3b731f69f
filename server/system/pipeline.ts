import { sql } from 'drizzle-orm';
import { readFlushStats, type FlushCounts } from '@/lib/pipeline-stats';
import { masters } from '@/lib/redis';
import { workerHeartbeatPattern } from '@/lib/redis-names';
import type { QueueName } from '@/contracts/jobs';
import { ingestCounts } from '@/server/observability/metrics';
import type { Runtime } from '@/server/runtime';
import type { PipelineHealth, QueueHealth } from '@/contracts/responses/system';
import { errorFields } from '@/core/errors';
import { listAlertingProblems } from '@/core/queries/system/alerting-problems';
import { pipelineCounts } from '@/core/queries/system/pipeline-counts';

const startedAt = new Date();
const windowSeconds = 60;

function acceptedInWindow(rt: Runtime, now: number, accepted: number): { accepted: number; since: number } {
  // The first read starts the window: what came before it cannot be placed in time.
  const samples = rt.acceptedSamples;
  if (samples.length === 0) samples.push({ at: now, accepted });
  const last = samples[samples.length - 1];
  if (!last || now - last.at >= 1000) samples.push({ at: now, accepted });
  while (samples.length > 2 && (samples[1]?.at ?? now) <= now - windowSeconds * 1000) samples.shift();
  const base = samples[0] ?? { at: now, accepted };
  return { accepted: accepted - base.accepted, since: Math.max(base.at, now - windowSeconds * 1000) };
}

async function queueHealth(rt: Runtime, name: QueueName, now: number): Promise<QueueHealth> {
  const queue = rt.queues[name];
  const [counts, oldest] = await Promise.all([
    queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
    queue.getJobs(['wait'], 0, 0, true),
  ]);
  const first = oldest[0];
  return {
    name,
    waiting: counts.waiting ?? 0,
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    oldestWaitingMs: first ? Math.max(0, now - first.timestamp) : null,
  };
}

async function liveWorkers(rt: Runtime, now: number): Promise<PipelineHealth['workers']> {
  const keys: string[] = [];
  // On a cluster each master holds only its own slots: walk them all.
  for (const node of await masters(rt.redis)) {
    let cursor = '0';
    do {
      const [next, found] = await node.scan(
        cursor,
        'MATCH',
        workerHeartbeatPattern(rt.env.PULSEBOARD_REDIS_PREFIX),
        'COUNT',
        1000,
      );
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
  }
  if (keys.length === 0) return [];
  const beats = await rt.redis.mget(...keys);
  return keys
    .map((key, i) => ({
      id: key.slice(key.lastIndexOf(':') + 1),
      lastBeatMs: Math.max(0, now - Number(beats[i] ?? 0)),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

async function commitLatency(rt: Runtime): Promise<number | null> {
  try {
    const started = performance.now();
    // txid_current() gives the transaction an id, so its commit is a real (tiny) WAL write.
    await rt.db.transaction((tx) => tx.execute(sql`select txid_current()`));
    return Math.round((performance.now() - started) * 100) / 100;
  } catch {
    return null;
  }
}

/** Ingest, queues, workers, database, notifications and failing rules in one read, for the Pipeline page. */
export async function pipelineHealth(rt: Runtime): Promise<PipelineHealth> {
  const now = Date.now();
  const c = await ingestCounts();
  const window = acceptedInWindow(rt, now, c.accepted);
  const toSecond = Math.floor(now / 1000);
  const [queues, workers, commitMs, flushes, counts, problems] = await Promise.all([
    Promise.all((Object.keys(rt.queues) as QueueName[]).map((name) => queueHealth(rt, name, now))).then(
      (q) => ({ ok: true as const, q }),
      (error: unknown) => ({
        ok: false as const,
        error: errorFields(error).error,
      }),
    ),
    liveWorkers(rt, now).catch(() => []),
    commitLatency(rt),
    readFlushStats(rt.redis, rt.env.PULSEBOARD_REDIS_PREFIX, toSecond - windowSeconds + 1, toSecond).catch(
      (): FlushCounts => ({ stored: 0, duplicates: 0, late: 0 }),
    ), // Redis down: the banner says so
    pipelineCounts(rt.db),
    listAlertingProblems(rt.db),
  ]);
  const row = counts;
  return {
    at: new Date(now).toISOString(),
    web: {
      startedAt: startedAt.toISOString(),
      accepted: c.accepted,
      rejected: c.rejected,
      requests: c.requests,
    },
    recent: {
      windowSeconds,
      accepted: window.accepted,
      processed: flushes.stored + flushes.duplicates,
      stored: flushes.stored,
      duplicates: flushes.duplicates,
      late: flushes.late,
    },
    queues: queues.ok ? queues.q : [],
    workers,
    database: {
      commitMs,
      newestPointMs:
        row?.newest_ms === null || row?.newest_ms === undefined ? null : Math.round(row.newest_ms),
    },
    notifications: {
      failedLastHour: row?.failed ?? 0,
      deadLastHour: row?.dead ?? 0,
      pending: row?.pending ?? 0,
    },
    redis: queues.ok ? { ok: true } : { ok: false, error: queues.error },
    failingChannels: problems.channels,
    failingRules: problems.rules,
  };
}
