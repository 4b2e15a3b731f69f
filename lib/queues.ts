import { Queue } from 'bullmq';
import type { QueueName } from '@/contracts/jobs';
import { bullConnection } from './redis';
import { queueNames } from './redis-names';

export type QueueOptions = { redisUrl: string; prefix: string; failFast: boolean };
export type Queues = { [Q in QueueName]: Queue };

/**
 * Opens one BullMQ queue of the job catalogue (contracts/jobs.ts): the one place queues are made.
 * `failFast` is for the web process: with Redis away a request fails at once (503) instead of queueing
 * commands in memory; workers wait for Redis. Queue errors are reported by readiness checks and metrics,
 * not raised as unhandled errors.
 */
export function openQueue<Data = unknown>(name: QueueName, options: QueueOptions): Queue<Data> {
  const queue = new Queue<Data>(queueNames[name], {
    connection: bullConnection(
      options.redisUrl,
      options.failFast
        ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 }
        : { maxRetriesPerRequest: null },
    ),
    prefix: options.prefix,
  });
  queue.on('error', () => {});
  return queue;
}

/** Every queue of the catalogue, for a process that adds to or watches them all (the web process). */
export function openQueues(options: QueueOptions): Queues {
  return {
    ingest: openQueue('ingest', options),
    maintenance: openQueue('maintenance', options),
    rules: openQueue('rules', options),
    notify: openQueue('notify', options),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.allSettled(Object.values(queues).map((q) => q.close()));
}
