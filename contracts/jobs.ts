import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

/** An event after cleaning in the web process: what the ingest job carries. `ts` is epoch ms, UTC. */
export const cleanEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  ts: z.number(),
  dedupKey: z.string().optional(),
  user: z.string().optional(),
  value: z.number().optional(),
  text: z.string().optional(),
  props: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type CleanEvent = z.infer<typeof cleanEventSchema>;

/** The typed catalogue of jobs: queue -> job name -> payload schema. */
export const jobCatalogue = {
  ingest: {
    batch: z.object({
      source: z.string(),
      keyId: z.string(),
      /** The key may write events older than the allowed lateness into their buckets. */
      backfill: z.boolean(),
      /** Arrival time at the web process, epoch ms; lateness is judged against it, not processing time. */
      receivedAt: z.number(),
      events: z.array(cleanEventSchema),
    }),
    /**
     * The requests a web process answered in one event-loop turn, as one job of columns (workers/ingest/
     * packed-job.ts): `requests` is [source, keyId, backfill, receivedAt, event count] in order, and each
     * column holds every event's field (null when absent; a column no event has is left out).
     */
    requests: z.object({
      requests: z.array(z.tuple([z.string(), z.string(), z.boolean(), z.number(), z.number().int()])),
      id: z.array(z.string()),
      type: z.array(z.string()),
      ts: z.array(z.number()),
      dedupKey: z.array(z.string().nullable()).optional(),
      user: z.array(z.string().nullable()).optional(),
      value: z.array(z.number().nullable()).optional(),
      text: z.array(z.string().nullable()).optional(),
      props: z.array(cleanEventSchema.shape.props.unwrap().nullable()).optional(),
    }),
  },
  /** Housekeeping, each added by a job scheduler (`schedules` below), one of a kind at a time. */
  maintenance: {
    rollup: z.object({}),
    'purge-event-keys': z.object({}),
    retention: z.object({}),
  },
  /** Rule evaluation ticks (the state machines run in the worker that takes the job). */
  rules: {
    evaluate: z.object({}),
    'evaluate-surges': z.object({}),
    'purge-transitions': z.object({}),
  },
  /** One delivery of the outbox to one channel; its id is the delivery's idempotency key. */
  notify: {
    deliver: z.object({ deliveryId: z.string() }),
  },
} as const;

export type QueueName = keyof typeof jobCatalogue;
export type JobName<Q extends QueueName> = keyof (typeof jobCatalogue)[Q] & string;
export type JobData<Q extends QueueName, N extends JobName<Q>> = z.infer<(typeof jobCatalogue)[Q][N]>;
export type NotifyJob = JobData<'notify', 'deliver'>;

/** The repeating jobs and their default periods (ms); the worker that owns the queue upserts them. */
export const schedules = {
  maintenance: { rollup: 5_000, 'purge-event-keys': 10 * 60_000, retention: 60 * 60_000 },
  rules: { evaluate: 250, 'evaluate-surges': 1_000, 'purge-transitions': 60 * 60_000 },
} as const satisfies { [Q in QueueName]?: { [N in JobName<Q>]?: number } };

/** A scheduled job keeps no history beyond a few failures to look at. */
export const scheduledJobOptions: JobsOptions = { removeOnComplete: true, removeOnFail: 50 };

/** A delivery job: its id is the delivery's idempotency key, so a delivery is queued at most once. */
export function deliveryJobOptions(idempotencyKey: string): JobsOptions {
  return { jobId: idempotencyKey, removeOnComplete: true, removeOnFail: true };
}

export type IngestBatchJob = z.infer<typeof jobCatalogue.ingest.batch>;
export type IngestRequestsJob = z.infer<typeof jobCatalogue.ingest.requests>;

/**
 * Ingest jobs retry for a long time: a 202 promised the events, so a database outage only delays them.
 * Exponential backoff from 500 ms, capped at 30 s by the worker's backoff strategy.
 */
export const ingestJobOptions: JobsOptions = {
  attempts: 200,
  backoff: { type: 'capped-exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: false,
};

export function cappedExponentialBackoff(attemptsMade: number, delay = 500, cap = 30_000): number {
  const base = Math.min(cap, delay * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(base / 2 + Math.random() * (base / 2));
}
