import type { Queue } from 'bullmq';
import { TooManyRequestsError, UnavailableError } from '@/core/errors';
import { redisOf } from '@/lib/queues';

/** What the ingest queues hold that no worker has finished: jobs and the bytes of their payloads. */
export type Backlog = { jobs: number; bytes: number };

/**
 * Counts a queue's unfinished jobs (waiting, paused, prioritized, delayed for a retry, active) and, when
 * they are within `ARGV[2]`, sums the byte length of each one's stored payload (HSTRLEN of its `data`).
 *
 * Read from the queue's own keys rather than kept in a counter beside them: a counter INCRBY'd by the web
 * and DECRBY'd by the worker drifts whenever a process dies between the job's write and its own (and
 * needs reconciling with this very sum anyway), while this sum is exact and has nothing to repair. Its
 * cost grows with the backlog, so the job-count bound stays and the sum stops past it (bytes -1); every
 * key lives in the queue's hash slot, so it also runs on a Redis Cluster.
 */
const backlogScript = `local jobs = redis.call('LLEN', KEYS[1]) + redis.call('LLEN', KEYS[2])
  + redis.call('LLEN', KEYS[3]) + redis.call('ZCARD', KEYS[4]) + redis.call('ZCARD', KEYS[5])
if jobs > tonumber(ARGV[2]) then return {jobs, -1} end
local bytes = 0
local function add(ids)
  for _, id in ipairs(ids) do bytes = bytes + redis.call('HSTRLEN', ARGV[1] .. id, 'data') end
end
add(redis.call('LRANGE', KEYS[1], 0, -1))
add(redis.call('LRANGE', KEYS[2], 0, -1))
add(redis.call('LRANGE', KEYS[3], 0, -1))
add(redis.call('ZRANGE', KEYS[4], 0, -1))
add(redis.call('ZRANGE', KEYS[5], 0, -1))
return {jobs, bytes}`;

/** One queue's backlog; bytes is -1 when it holds more than `maxJobs` jobs (not summed). */
export async function readBacklog(queue: Queue, maxJobs: number): Promise<Backlog> {
  const client = await redisOf(queue);
  const k = queue.keys;
  const keys = [k.wait, k.paused, k.active, k.prioritized, k.delayed].filter((x): x is string => !!x);
  if (keys.length !== 5) throw new Error('unexpected BullMQ queue keys');
  const [jobs, bytes] = (await client.eval(backlogScript, 5, ...keys, queue.toKey(''), maxJobs)) as [
    number,
    number,
  ];
  return { jobs, bytes };
}

export type BacklogBounds = {
  /** Unfinished ingest jobs, over all the queues, past which ingest answers 429. */
  maxJobs: number;
  /** Bytes of their stored payloads past which ingest answers 429. */
  maxBytes: number;
  /**
   * How long one reading of a queue is shared, so the hot path pays one script per queue per interval.
   * @defaultValue 250
   */
  readEveryMs?: number;
};

const readings = new WeakMap<Queue, { value: Promise<Backlog>; readAt: number }>();

function cachedBacklog(queue: Queue, maxJobs: number, readEveryMs: number): Promise<Backlog> {
  const now = Date.now();
  const cached = readings.get(queue);
  if (cached && now - cached.readAt <= readEveryMs) return cached.value;
  const value = readBacklog(queue, maxJobs);
  readings.set(queue, { value, readAt: now });
  value.catch(() => readings.delete(queue));
  return value;
}

/**
 * Refuses new work while the ingest queues' backlog is past either bound: 429 with Retry-After, naming
 * the bound, so Redis memory (`noeviction`) stays bounded by bytes, not only by a count of jobs of any
 * size. 503 when Redis cannot be read.
 */
export async function checkBacklog(queues: readonly Queue[], bounds: BacklogBounds): Promise<void> {
  let backlogs: Backlog[];
  try {
    backlogs = await Promise.all(
      queues.map((q) => cachedBacklog(q, bounds.maxJobs, bounds.readEveryMs ?? 250)),
    );
  } catch {
    throw new UnavailableError('the event queue is unavailable; retry shortly', 5);
  }
  const jobs = backlogs.reduce((n, b) => n + b.jobs, 0);
  if (jobs > bounds.maxJobs) {
    throw new TooManyRequestsError(
      `ingest backlog is over ${bounds.maxJobs} jobs (PULSEBOARD_MAX_BACKLOG); retry shortly`,
      2,
    );
  }
  const bytes = backlogs.reduce((n, b) => n + b.bytes, 0);
  if (bytes > bounds.maxBytes) {
    throw new TooManyRequestsError(
      `ingest backlog is over its byte budget of ${bounds.maxBytes} bytes (PULSEBOARD_MAX_BACKLOG_BYTES); retry shortly`,
      2,
    );
  }
}
