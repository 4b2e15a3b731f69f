import { Queue, type Job, type JobType, type QueueBase } from 'bullmq';
import type { QueueName } from '@/contracts/jobs';
import { bullConnection, type RedisClient } from './redis';
import { ingestPartitionNames, queueNames } from './redis-names';

export type QueueOptions = { redisUrl: string; prefix: string; failFast: boolean };
/** PULSEBOARD_INGEST_PARTITIONS: how many BullMQ queues ingest is spread over. @defaultValue 1 */
export type IngestQueueOptions = QueueOptions & { partitions?: number };
export type Queues = { [Q in Exclude<QueueName, 'ingest'>]: Queue } & { ingest: IngestQueues };

/**
 * The Redis connection of a BullMQ queue or worker, as the ioredis client it is: the Cluster that
 * `bullConnection` made, or the Redis BullMQ opened from its URL with the same ioredis. BullMQ types it
 * as its own narrower interface; this is the one place that says what it is.
 */
export async function redisOf(bull: Pick<QueueBase, 'client'>): Promise<RedisClient> {
  return (await bull.client) as unknown as RedisClient;
}

function newQueue<Data>(name: string, prefix: string, options: QueueOptions): Queue<Data> {
  const queue = new Queue<Data>(name, {
    connection: bullConnection(
      options.redisUrl,
      options.failFast
        ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 }
        : { maxRetriesPerRequest: null },
    ),
    prefix,
  });
  queue.on('error', () => {});
  return queue;
}

/**
 * Opens one BullMQ queue of the job catalogue (contracts/jobs.ts): the one place queues are made.
 * `failFast` is for the web process: with Redis away a request fails at once (503) instead of queueing
 * commands in memory; workers wait for Redis. Queue errors are reported by readiness checks and metrics,
 * not raised as unhandled errors. Ingest is partitioned: `openIngestQueues`.
 */
export function openQueue<Data = unknown>(
  name: Exclude<QueueName, 'ingest'>,
  options: QueueOptions,
): Queue<Data> {
  return newQueue<Data>(queueNames[name], options.prefix, options);
}

/**
 * The ingest partitions, one BullMQ queue each (lib/redis-names.ts names them), read as one queue: counts
 * are summed and jobs merged over every partition, so a backlog bound, a health page or a gauge that
 * reads this covers all of them. Writers pick a partition with `partition(index)`.
 */
export class IngestQueues {
  /** `partitions[i]` is partition i's queue, as `openIngestQueues` opens them. */
  constructor(readonly partitions: readonly Queue[]) {}

  partition(index: number): Queue {
    const queue = this.partitions[index];
    if (!queue) throw new RangeError(`no ingest partition ${index} of ${this.partitions.length}`);
    return queue;
  }

  async getWaitingCount(): Promise<number> {
    const counts = await Promise.all(this.partitions.map((q) => q.getWaitingCount()));
    return counts.reduce((a, b) => a + b, 0);
  }

  async getJobCounts(...types: JobType[]): Promise<{ [index: string]: number }> {
    const all = await Promise.all(this.partitions.map((q) => q.getJobCounts(...types)));
    const sum: { [index: string]: number } = {};
    for (const counts of all) for (const [k, n] of Object.entries(counts)) sum[k] = (sum[k] ?? 0) + n;
    return sum;
  }

  /** Each partition's jobs in the range, merged by creation time: `getJobs(['wait'], 0, 0, true)` is the oldest. */
  async getJobs(types: JobType[] | JobType, start = 0, end = -1, asc = false): Promise<Job[]> {
    const all = (await Promise.all(this.partitions.map((q) => q.getJobs(types, start, end, asc)))).flat();
    all.sort((a, b) => (asc ? a.timestamp - b.timestamp : b.timestamp - a.timestamp));
    return end < 0 ? all : all.slice(0, end - start + 1);
  }

  async obliterate(opts?: { force?: boolean }): Promise<void> {
    await Promise.all(this.partitions.map((q) => q.obliterate(opts)));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.partitions.map((q) => q.close()));
  }
}

export function openIngestQueues(options: IngestQueueOptions): IngestQueues {
  return new IngestQueues(
    ingestPartitionNames(options.prefix, options.partitions ?? 1).map((p) =>
      newQueue(p.name, p.prefix, options),
    ),
  );
}

/** Every queue of the catalogue, for a process that adds to or watches them all (the web process). */
export function openQueues(options: IngestQueueOptions): Queues {
  return {
    ingest: openIngestQueues(options),
    maintenance: openQueue('maintenance', options),
    rules: openQueue('rules', options),
    notify: openQueue('notify', options),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.allSettled(Object.values(queues).map((q) => q.close()));
}
