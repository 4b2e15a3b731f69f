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
  maintenance: {
    'purge-event-keys': z.object({}),
  },
} as const;

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
