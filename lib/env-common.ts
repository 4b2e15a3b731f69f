import { z } from 'zod';
import { clusterUrlPattern, isClusterUrl, isHashTaggedPrefix } from './redis';
import { maxIngestPartitions } from './redis-names';

/** Variables both the web and the worker process read; each process adds its own on top. */
export const commonEnvShape = {
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required (postgres://user@host:port/db)' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
  /** `redis://host:port` for one Redis, `redis+cluster://host:port,host:port` for a Redis Cluster. */
  REDIS_URL: z
    .string({ error: 'REDIS_URL is required (redis://host:port or redis+cluster://host:port,host:port)' })
    .refine(
      (url) => (isClusterUrl(url) ? clusterUrlPattern.test(url) : /^rediss?:\/\//.test(url)),
      'REDIS_URL must be a redis:// URL or redis+cluster://host:port,host:port (seed nodes of a cluster)',
    ),
  PULSEBOARD_SECRET: z
    .string({ error: 'PULSEBOARD_SECRET is required (at least 32 characters; `npm start` generates one)' })
    .min(32, 'PULSEBOARD_SECRET must be at least 32 characters'),
  /**
   * Prefix of every Redis key and channel; tests give each run its own. On a Redis Cluster it must be a
   * hash tag such as `{pb}`, so each queue's and script's keys share one slot. @defaultValue `pb`
   */
  PULSEBOARD_REDIS_PREFIX: z
    .string()
    .regex(
      /^(?:[a-zA-Z0-9_-]{1,40}|\{[a-zA-Z0-9_-]{1,40}\})$/,
      'PULSEBOARD_REDIS_PREFIX must be 1-40 of a-z A-Z 0-9 _ -, optionally in braces ({pb})',
    )
    .default('pb'),
  /**
   * BullMQ queues ingest is spread over (lib/redis-names.ts names them); web and workers must agree. On a
   * Redis Cluster each has its own hash tag, so the partitions spread over the masters. @defaultValue 1
   */
  PULSEBOARD_INGEST_PARTITIONS: z.coerce
    .number({ error: 'PULSEBOARD_INGEST_PARTITIONS must be a whole number' })
    .int('PULSEBOARD_INGEST_PARTITIONS must be a whole number')
    .min(1, 'PULSEBOARD_INGEST_PARTITIONS must be at least 1')
    .max(maxIngestPartitions, `PULSEBOARD_INGEST_PARTITIONS must be at most ${maxIngestPartitions}`)
    .default(1),
  /**
   * `sharded` (SPUBLISH/SSUBSCRIBE, Redis 7) or `classic` pub/sub for live frames and the Socket.IO adapter.
   * @defaultValue `sharded` on a redis+cluster:// URL, else `classic`
   */
  PULSEBOARD_PUBSUB: z
    .enum(['sharded', 'classic'], { error: 'PULSEBOARD_PUBSUB must be sharded or classic' })
    .optional(),
  /** Allowed lateness of an event, in seconds. @defaultValue 300 */
  PULSEBOARD_LATENESS_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** De-duplication horizon, in hours. @defaultValue 24 */
  PULSEBOARD_DEDUP_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  /**
   * Days raw events are kept: the worker's retention deletes older ones, so the web process refuses an
   * event older than this at ingest, even from a backfill key. @defaultValue 30
   */
  PULSEBOARD_RETENTION_EVENTS_DAYS: z.coerce.number().positive().max(36_500).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** PagerDuty Events API v2 endpoint. @defaultValue `https://events.pagerduty.com/v2/enqueue` */
  PULSEBOARD_PAGERDUTY_EVENTS_URL: z.url('PULSEBOARD_PAGERDUTY_EVENTS_URL must be a URL').optional(),
  /** The older name of PULSEBOARD_PAGERDUTY_EVENTS_URL, still read when the new one is unset. */
  PAGERDUTY_EVENTS_URL: z.url('PAGERDUTY_EVENTS_URL must be a URL').optional(),
};

/** The PagerDuty Events API v2 endpoint: PULSEBOARD_PAGERDUTY_EVENTS_URL, else the older name, else PagerDuty's. */
export function pagerDutyEventsUrl(env: {
  PULSEBOARD_PAGERDUTY_EVENTS_URL?: string | undefined;
  PAGERDUTY_EVENTS_URL?: string | undefined;
}): string {
  return (
    env.PULSEBOARD_PAGERDUTY_EVENTS_URL ??
    env.PAGERDUTY_EVENTS_URL ??
    'https://events.pagerduty.com/v2/enqueue'
  );
}

/** Cross-variable check of the Redis settings; each process schema applies it with `.superRefine`. */
export function checkRedisCluster(
  env: { REDIS_URL: string; PULSEBOARD_REDIS_PREFIX: string },
  ctx: z.RefinementCtx,
): void {
  if (isClusterUrl(env.REDIS_URL) && !isHashTaggedPrefix(env.PULSEBOARD_REDIS_PREFIX)) {
    ctx.addIssue({
      code: 'custom',
      path: ['PULSEBOARD_REDIS_PREFIX'],
      message: `PULSEBOARD_REDIS_PREFIX must be a hash tag such as {pb} when REDIS_URL is redis+cluster:// (got ${env.PULSEBOARD_REDIS_PREFIX})`,
    });
  }
}

/** Parses the environment or stops the process with a message naming each bad variable. */
export function parseEnvOrExit<T extends z.ZodType>(schema: T, source: NodeJS.ProcessEnv): z.infer<T> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  const message = `Invalid environment:\n${lines.join('\n')}`;
  if (process.env.VITEST) throw new Error(message);
  console.error(message);
  process.exit(78);
}
