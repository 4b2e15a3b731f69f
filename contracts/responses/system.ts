import { z } from 'zod';

// The answer of GET /api/v1/system/pipeline, read by the console's health page.

export const queueHealthSchema = z.object({
  name: z.string(),
  waiting: z.number(),
  active: z.number(),
  delayed: z.number(),
  /** Dead-lettered jobs (retries used up). */
  failed: z.number(),
  /** Age of the oldest job still waiting, ms; null when none waits. */
  oldestWaitingMs: z.number().nullable(),
});
export type QueueHealth = z.infer<typeof queueHealthSchema>;

/** The pipeline watching itself: GET /api/v1/system/pipeline. Counters are cumulative; rates are the reader's. */
export const pipelineHealthSchema = z.object({
  at: z.string(),
  /** This web process's ingest counters (the ones GET /metrics exposes), since it started. */
  web: z.object({
    startedAt: z.string(),
    accepted: z.number(),
    rejected: z.number(),
    /** Ingest answers by HTTP status, e.g. `{"202": 10, "429": 1}`. */
    requests: z.record(z.string(), z.number()),
  }),
  /**
   * What the workers did in the last `windowSeconds` whole seconds (by processing time, every worker
   * counted, exact: each flush adds its own counts after its commit). `processed = stored + duplicates`.
   */
  recent: z.object({
    windowSeconds: z.number(),
    /** Accepted by this web process in the window (from its counter samples, read by read). */
    accepted: z.number(),
    /** Events the workers took off the queue. */
    processed: z.number(),
    /** Stored once each (a de-duplication key claimed). */
    stored: z.number(),
    /** Dropped as repeats of a key seen within the horizon, or of another event in the same batch. */
    duplicates: z.number(),
    /** Stored but past the allowed lateness (counted in `late_events`). */
    late: z.number(),
  }),
  queues: z.array(queueHealthSchema),
  /** Workers with a live heartbeat key and how long ago they last beat (they beat every 3 s). */
  workers: z.array(z.object({ id: z.string(), lastBeatMs: z.number() })),
  database: z.object({
    /** One committed transaction that assigns a transaction id (a WAL flush), ms; null when it failed. */
    commitMs: z.number().nullable(),
    /** Age of the newest 1-second point of the built-in `events` metric, ms (how fresh the charts are). */
    newestPointMs: z.number().nullable(),
  }),
  /** Deliveries updated in the last hour that ended failed or dead, and those still on their way. */
  notifications: z.object({ failedLastHour: z.number(), deadLastHour: z.number(), pending: z.number() }),
  redis: z.object({ ok: z.boolean(), error: z.string().optional() }),
  /**
   * Enabled channels whose newest delivery (a test included) ended failed or dead: a target that stopped
   * answering, shown until a delivery to it succeeds, however long ago it failed.
   */
  failingChannels: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.enum(['failed', 'dead']),
      at: z.string(),
      statusCode: z.number().nullable(),
      error: z.string().nullable(),
    }),
  ),
  /** Enabled rules and surge rules the workers cannot evaluate (so cannot fire), longest failing first. */
  failingRules: z.array(
    z.object({
      kind: z.enum(['rule', 'surge']),
      id: z.string(),
      name: z.string(),
      error: z.string(),
      since: z.string(),
    }),
  ),
});
export type PipelineHealth = z.infer<typeof pipelineHealthSchema>;
