import { Queue, Worker } from 'bullmq';
import type { Sql } from '@/db/client';
import { queueNames } from '@/lib/redis-names';

/** Repeatable housekeeping: de-duplication keys past the horizon are deleted in bounded chunks. */
export async function startMaintenanceWorker(options: {
  sql: Sql;
  redisUrl: string;
  prefix: string;
  dedupHours: number;
}) {
  const connection = { url: options.redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue(queueNames.maintenance, { connection, prefix: options.prefix });
  await queue.upsertJobScheduler(
    'purge-event-keys',
    { every: 10 * 60_000 },
    { name: 'purge-event-keys', data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
  );
  const worker = new Worker(
    queueNames.maintenance,
    async (job) => {
      if (job.name === 'purge-event-keys') return purgeEventKeys(options.sql, options.dedupHours);
      return null;
    },
    { connection, prefix: options.prefix, concurrency: 1 },
  );
  return {
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}

export async function purgeEventKeys(sql: Sql, dedupHours: number): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await sql`
      delete from event_keys where key in (
        select key from event_keys where seen_at < now() - make_interval(hours => ${dedupHours}) limit 10000
      ) returning 1`;
    total += rows.length;
    if (rows.length < 10000) return total;
  }
}
