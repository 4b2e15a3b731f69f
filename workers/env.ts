import { z } from 'zod';
import { checkRedisCluster, commonEnvShape, parseEnvOrExit } from '@/lib/env-common';

const days = (fallback: number) => z.coerce.number().positive().max(36_500).default(fallback);

export const workerEnvSchema = z
  .object({
    ...commonEnvShape,
    /** Ingest jobs processed at once by one worker process (they are flushed together). @defaultValue 256 */
    PULSEBOARD_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(2000).default(256),
    /**
     * The ingest partitions this worker takes jobs from, as indexes and ranges (`0,2-3`); every other
     * worker competes for the same ones through BullMQ. @defaultValue every partition
     */
    PULSEBOARD_INGEST_PARTITION_SET: z
      .string()
      .regex(
        /^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/,
        'PULSEBOARD_INGEST_PARTITION_SET must list partition indexes and ranges, such as 0,2-3',
      )
      .optional(),
    /**
     * Payload bytes (as stored in Redis) of the ingest jobs one worker process holds at once: bounds its
     * memory whatever the concurrency and job sizes. @defaultValue 8388608 (8 MiB)
     */
    PULSEBOARD_WORKER_MAX_JOB_BYTES: z.coerce
      .number({ error: 'PULSEBOARD_WORKER_MAX_JOB_BYTES must be a number of bytes' })
      .int('PULSEBOARD_WORKER_MAX_JOB_BYTES must be a whole number of bytes')
      .min(1 << 20, 'PULSEBOARD_WORKER_MAX_JOB_BYTES must be at least 1048576 (1 MiB)')
      .default(8 << 20),
    /** A flush starts once this many events wait. @defaultValue 10000 */
    PULSEBOARD_FLUSH_MAX_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    /** Flushes one worker process runs at once (one only waiting on another flush frees its slot). @defaultValue 2 */
    PULSEBOARD_FLUSH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
    /** Longest wait before a partly filled ingest batch is written, in ms. @defaultValue 20 */
    PULSEBOARD_FLUSH_MS: z.coerce.number().int().min(0).max(5000).default(20),
    /** How long a worker holds a job before others may take it over after a crash, in ms. @defaultValue 30000 */
    PULSEBOARD_JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    /** Days 1-second metric points are kept. @defaultValue 14 */
    PULSEBOARD_RETENTION_POINTS_DAYS: days(14),
    /** Days 1-minute rollups are kept. @defaultValue 90 */
    PULSEBOARD_RETENTION_ROLLUPS_1M_DAYS: days(90),
    /** Days 1-hour rollups are kept. @defaultValue 730 */
    PULSEBOARD_RETENTION_ROLLUPS_1H_DAYS: days(730),
    /** TimescaleDB: compress event chunks older than this many days. @defaultValue 7 */
    PULSEBOARD_COMPRESS_EVENTS_DAYS: days(7),
    /** TimescaleDB: compress 1-second point chunks older than this many days. @defaultValue 2 */
    PULSEBOARD_COMPRESS_POINTS_DAYS: days(2),
    /** Allow notification targets on private or loopback addresses. @defaultValue `off` */
    PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS: z.enum(['on', 'off']).default('off'),
    /** The console's public origin, for links in notifications. @defaultValue `http://localhost:<PORT>` */
    PULSEBOARD_PUBLIC_URL: z.url().optional(),
    /** The web process's port (the launcher passes the first one), for the default link origin. @defaultValue 3000 */
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    /**
     * Port of this worker's GET /metrics; `0` turns it off. The launcher gives its worker i this port + i.
     * @defaultValue 9464
     */
    PULSEBOARD_WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
    /** Address the worker's metrics server binds. @defaultValue `127.0.0.1` */
    PULSEBOARD_WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    /** Bearer token for the worker's `/metrics` from other hosts (as the web's); loopback needs none. */
    PULSEBOARD_METRICS_TOKEN: z.string().min(16, 'PULSEBOARD_METRICS_TOKEN needs 16+ characters').optional(),
    /** Fault injection for the crash test only: pause after recording a send, in ms. @defaultValue 0 */
    PULSEBOARD_NOTIFY_PAUSE_AFTER_SEND_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  })
  .superRefine(checkRedisCluster)
  .superRefine((env, ctx) => {
    if (env.PULSEBOARD_INGEST_PARTITION_SET === undefined) return;
    const taken = partitionSet(env.PULSEBOARD_INGEST_PARTITION_SET, env.PULSEBOARD_INGEST_PARTITIONS);
    if (typeof taken === 'string') {
      ctx.addIssue({ code: 'custom', path: ['PULSEBOARD_INGEST_PARTITION_SET'], message: taken });
    }
  });
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

/**
 * The origin that links in notifications point at: PULSEBOARD_PUBLIC_URL, else the address the launcher
 * prints (`http://localhost:<PORT>`), which only works on this machine; `configured` says which.
 */
export function linkOrigin(env: Pick<WorkerEnv, 'PULSEBOARD_PUBLIC_URL' | 'PORT'>): {
  url: string;
  configured: boolean;
} {
  if (env.PULSEBOARD_PUBLIC_URL) return { url: env.PULSEBOARD_PUBLIC_URL, configured: true };
  return { url: `http://localhost:${env.PORT}`, configured: false };
}

/**
 * The partition indexes of a PULSEBOARD_INGEST_PARTITION_SET (`0,2-3`), sorted, or a message naming the
 * variable when one is past PULSEBOARD_INGEST_PARTITIONS or a range runs backwards.
 */
export function partitionSet(text: string, partitions: number): number[] | string {
  const taken = new Set<number>();
  for (const part of text.split(',')) {
    const [first = '', last = first] = part.split('-');
    const from = Number(first.trim());
    const to = Number(last.trim());
    if (to < from) {
      return `PULSEBOARD_INGEST_PARTITION_SET: range ${part.trim()} runs backwards`;
    }
    if (to >= partitions) {
      return `PULSEBOARD_INGEST_PARTITION_SET names partition ${to}, but PULSEBOARD_INGEST_PARTITIONS is ${partitions} (indexes 0-${partitions - 1})`;
    }
    for (let i = from; i <= to; i++) taken.add(i);
  }
  return [...taken].sort((a, b) => a - b);
}

/** The ingest partitions this worker takes: its PULSEBOARD_INGEST_PARTITION_SET, else all of them. */
export function ingestPartitionsTaken(
  env: Pick<WorkerEnv, 'PULSEBOARD_INGEST_PARTITION_SET' | 'PULSEBOARD_INGEST_PARTITIONS'>,
): number[] {
  const all = Array.from({ length: env.PULSEBOARD_INGEST_PARTITIONS }, (_, i) => i);
  if (env.PULSEBOARD_INGEST_PARTITION_SET === undefined) return all;
  const taken = partitionSet(env.PULSEBOARD_INGEST_PARTITION_SET, env.PULSEBOARD_INGEST_PARTITIONS);
  return typeof taken === 'string' ? all : taken;
}

export function workerEnv(): WorkerEnv {
  return parseEnvOrExit(workerEnvSchema, process.env);
}
