import { Worker } from 'bullmq';
import type { Sql } from '@/db/client';
import { bullConnection } from '@/lib/redis';
import { queueNames } from '@/lib/redis-names';
import { openQueue } from '@/lib/queues';
import { schedules, scheduledJobOptions, type JobName } from '@/contracts/jobs';
import { rollUpThenDeleteExpired, type Retention } from './retention';
import { rollUp } from './rollup';

export type MaintenanceOptions = {
  sql: Sql;
  redisUrl: string;
  prefix: string;
  dedupHours: number;
  latenessMs: number;
  retention: Retention;
  /** TimescaleDB policies own retention of the hypertables. */
  timescaleManaged: boolean;
  /** @defaultValue 5000 */
  rollupEveryMs?: number;
};

/**
 * Repeatable housekeeping, one job of each kind at a time across all workers: rollups every few seconds,
 * de-duplication keys past the horizon every 10 minutes, retention hourly.
 */
export async function startMaintenanceWorker(options: MaintenanceOptions) {
  const connection = bullConnection(options.redisUrl, { maxRetriesPerRequest: null });
  const queue = openQueue('maintenance', {
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    failFast: false,
  });
  const schedule = (name: JobName<'maintenance'>, every: number) =>
    queue.upsertJobScheduler(name, { every }, { name, data: {}, opts: scheduledJobOptions });
  await schedule('rollup', options.rollupEveryMs ?? schedules.maintenance.rollup);
  await schedule('purge-event-keys', schedules.maintenance['purge-event-keys']);
  await schedule('retention', schedules.maintenance.retention);
  const worker = new Worker(
    queueNames.maintenance,
    async (job) => {
      switch (job.name as JobName<'maintenance'>) {
        case 'rollup':
          return rollUp(options.sql, { windowMs: options.latenessMs + 120_000 });
        case 'purge-event-keys':
          return purgeEventKeys(options.sql, options.dedupHours);
        case 'retention':
          return rollUpThenDeleteExpired(options.sql, options.retention, {
            timescaleManaged: options.timescaleManaged,
            windowMs: options.latenessMs + 120_000,
          });
        default:
          return null;
      }
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

/**
 * Deletes the de-duplication keys seen longer ago than the horizon, 10,000 a statement. Rows are found by
 * `seen_at` and deleted by their address (ctid), not looked up again in the primary key: a random key's
 * descent made the delete cost about what its insert did (19 against 8 µs a key with the vacuum, 5 M
 * keys). The delete re-checks `seen_at`, so only an expired key is ever removed.
 */
export async function purgeEventKeys(sql: Sql, dedupHours: number): Promise<number> {
  const batch = 10_000;
  let total = 0;
  for (;;) {
    const rows = await sql`
      delete from event_keys
      where ctid = any(array(
          select ctid from event_keys where seen_at < now() - make_interval(hours => ${dedupHours}) limit ${batch}))
        and seen_at < now() - make_interval(hours => ${dedupHours})
      returning 1`;
    total += rows.length;
    if (rows.length < batch) return total;
  }
}
