import { DelayedError, Worker, type Job, type Queue } from 'bullmq';
import { and, asc, eq, inArray, lt, or } from 'drizzle-orm';
import { createDb, type Sql } from '@/db/client';
import { deliveries } from '@/db/schema';
import { bullConnection, createRedis } from '@/lib/redis';
import { queueNames } from '@/lib/redis-names';
import { openQueue } from '@/lib/queues';
import { deliveryJobOptions, type NotifyJob } from '@/contracts/jobs';
import { deliver, type DeliverDeps } from './deliver';
import { runEscalations } from './escalate';
import { outboxChannel } from '@/core/services/incidents/timeline';
import { readOutbox, type NewDelivery } from './outbox';
import { errorFields } from '@/core/errors';

export type NotifyWorkerOptions = Omit<DeliverDeps, 'db' | 'redis'> & {
  sql: Sql;
  redisUrl: string;
  publicUrl: string;
  /**
   * How often the outbox is read without being woken, in ms: a safety net, since each incident change
   * wakes the reader at once by NOTIFY (a notification is lost while the listening connection reconnects).
   * @defaultValue 2000
   */
  pumpMs?: number;
  /** How often escalations and repeats are checked, in ms. @defaultValue 5000 */
  escalateMs?: number;
  /** How often unfinished deliveries without a job are enqueued again, in ms. @defaultValue 5000 */
  sweepMs?: number;
  /** Jobs one process sends at once. @defaultValue 16 */
  concurrency?: number;
  /** BullMQ lock: a job whose worker died is taken over after this long. @defaultValue 30000 */
  lockMs?: number;
  now?: () => Date;
  log?: (level: 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
};

/**
 * The notify side of a worker process: the outbox reader (incident changes → delivery rows → jobs), the
 * escalation clock, a sweeper that re-enqueues deliveries whose job was lost, and the delivery worker.
 */
export function startNotifyWorker(options: NotifyWorkerOptions) {
  const connection = bullConnection(options.redisUrl, { maxRetriesPerRequest: null });
  const db = createDb(options.sql);
  const redis = createRedis(options.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  const queue = openQueue<NotifyJob>('notify', {
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    failFast: false,
  });
  const deps: DeliverDeps = { ...options, db, redis };
  const log = options.log ?? (() => {});

  const enqueue = async (rows: NewDelivery[]) => {
    const queued = rows.filter((r) => r.status === 'queued' || r.status === 'retrying');
    if (!queued.length) return;
    await queue.addBulk(
      queued.map((r) => ({
        name: 'deliver',
        data: { deliveryId: r.id },
        opts: deliveryJobOptions(r.idempotencyKey),
      })),
    );
  };

  const worker = new Worker<NotifyJob>(
    queueNames.notify,
    async (job: Job<NotifyJob>, token?: string) => {
      const result = await deliver(deps, job.data.deliveryId);
      if (result.done) return result.status;
      await job.moveToDelayed(Math.max(result.at, Date.now() + 1), token);
      throw new DelayedError(result.why);
    },
    {
      connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 16,
      lockDuration: options.lockMs ?? 30_000,
      stalledInterval: Math.min(options.lockMs ?? 30_000, 30_000),
      maxStalledCount: 1000,
    },
  );
  worker.on('error', (error) => log('warn', 'notify worker error', { error: error.message }));

  const loops: NodeJS.Timeout[] = [];
  let stopped = false;
  const every = (ms: number, name: string, fn: () => Promise<void>) => {
    let running = false;
    loops.push(
      setInterval(() => {
        if (running || stopped) return;
        running = true;
        fn()
          .catch((error: unknown) =>
            log('warn', `notify ${name} failed`, {
              ...errorFields(error),
            }),
          )
          .finally(() => (running = false));
      }, ms),
    );
  };
  const pump = async () => {
    // Drain: a burst of changes is read in successive batches without waiting a whole interval. A reader
    // elsewhere holding the outbox may have read before the change that woke this one: try again shortly.
    for (let i = 0; i < 20 && !stopped; i++) {
      const { created, busy } = await readOutbox({ db, publicUrl: options.publicUrl, now: options.now });
      await enqueue(created);
      if (busy) await new Promise((resolve) => setTimeout(resolve, 20));
      else if (created.length < 100) break;
    }
  };
  // Woken by NOTIFY: one read at a time, and one more after it when woken meanwhile.
  let reading: Promise<void> | null = null;
  let again = false;
  const wake = () => {
    if (stopped) return;
    if (reading) {
      again = true;
      return;
    }
    again = false;
    reading = pump()
      .catch((error: unknown) =>
        log('warn', 'notify outbox failed', {
          ...errorFields(error),
        }),
      )
      .finally(() => {
        reading = null;
        if (again) wake();
      });
  };
  // onlisten runs again after a reconnect: read what committed while no one listened.
  const listening = options.sql.listen(outboxChannel, wake, wake).catch((error: unknown) => {
    log('warn', 'notify cannot LISTEN; the outbox is read on its interval only', {
      ...errorFields(error),
    });
    return null;
  });
  every(options.pumpMs ?? 2000, 'outbox', async () => {
    wake();
    await reading;
  });
  every(options.escalateMs ?? 5000, 'escalation', async () =>
    enqueue(await runEscalations({ db, publicUrl: options.publicUrl, now: options.now })),
  );
  every(options.sweepMs ?? 5000, 'sweep', () => sweep(db, queue, options.leaseMs ?? 60_000));

  return {
    worker,
    queue,
    /** Reads the outbox once now (tests). */
    pump,
    /** Settles once the reader listens for incident changes (or has given up and polls). */
    listening: listening.then(() => {}),
    async close() {
      stopped = true;
      for (const t of loops) clearInterval(t);
      await (await listening)?.unlisten();
      await reading;
      await worker.close();
      await queue.close();
      redis.disconnect();
    },
  };
}

/**
 * Deliveries unfinished for a while get their job added again: harmless when it exists (same job id),
 * and the rescue when a process died between committing the row and enqueueing it.
 */
async function sweep(
  db: ReturnType<typeof createDb>,
  queue: Queue<NotifyJob>,
  leaseMs: number,
): Promise<void> {
  const staleBefore = new Date(Date.now() - 10_000);
  const rows = await db
    .select({ id: deliveries.id, key: deliveries.idempotencyKey })
    .from(deliveries)
    .where(
      or(
        and(inArray(deliveries.status, ['queued', 'retrying']), lt(deliveries.updatedAt, staleBefore)),
        and(eq(deliveries.status, 'sending'), lt(deliveries.claimedAt, new Date(Date.now() - leaseMs))),
      ),
    )
    .orderBy(asc(deliveries.seq))
    .limit(500);
  if (!rows.length) return;
  await queue.addBulk(
    rows.map((r) => ({ name: 'deliver', data: { deliveryId: r.id }, opts: deliveryJobOptions(r.key) })),
  );
}
