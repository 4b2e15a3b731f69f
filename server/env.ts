import { z } from 'zod';
import { checkRedisCluster, commonEnvShape, parseEnvOrExit } from '@/lib/env-common';
import { parseTrustedProxy } from '@/lib/http/client-address';

const onOff = z.enum(['on', 'off']);

export const webEnvSchema = z
  .object({
    ...commonEnvShape,
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    /**
     * A read replica of DATABASE_URL: metric series and event lists read there, everything else (and the
     * metric catalogue those reads start from) on the primary. @defaultValue none: all on the primary
     */
    PULSEBOARD_DATABASE_REPLICA_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'PULSEBOARD_DATABASE_REPLICA_URL must be a postgres:// URL')
      .optional(),
    HOST: z.string().default('0.0.0.0'),
    /** The public origin of the app, used for the Origin check and links; defaults to the request's own. */
    PULSEBOARD_PUBLIC_URL: z.url().optional(),
    PULSEBOARD_ADMIN_EMAIL: z.email('PULSEBOARD_ADMIN_EMAIL must be an e-mail address').optional(),
    PULSEBOARD_ADMIN_PASSWORD: z.string().min(8, 'PULSEBOARD_ADMIN_PASSWORD needs 8+ characters').optional(),
    PULSEBOARD_INGEST_KEY: z.string().min(16, 'PULSEBOARD_INGEST_KEY needs 16+ characters').optional(),
    /** Bearer token for `/metrics` and `/api/ready`'s details from other hosts; loopback needs none. */
    PULSEBOARD_METRICS_TOKEN: z.string().min(16, 'PULSEBOARD_METRICS_TOKEN needs 16+ characters').optional(),
    PULSEBOARD_DEMO: onOff.default('on'),
    PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS: onOff.default('off'),
    /** Unfinished ingest jobs (waiting, retrying, active) past which ingest answers 429. @defaultValue 5000 */
    PULSEBOARD_MAX_BACKLOG: z.coerce.number().int().min(1).default(5000),
    /**
     * Replicas that must have an ingest job before its 202 (Redis WAIT, up to 1 s; fewer: 503). `1` on a
     * Redis Cluster keeps acknowledged events through an unplanned failover. @defaultValue 0
     */
    PULSEBOARD_REDIS_WAIT_REPLICAS: z.coerce
      .number()
      .int('PULSEBOARD_REDIS_WAIT_REPLICAS must be a whole number')
      .min(0, 'PULSEBOARD_REDIS_WAIT_REPLICAS must be 0 or more')
      .max(5, 'PULSEBOARD_REDIS_WAIT_REPLICAS must be at most 5')
      .default(0),
    /**
     * Bytes of the unfinished ingest jobs' payloads in Redis past which ingest answers 429: bounds Redis
     * memory whatever the jobs' sizes (5,000 jobs of 5 MB would be 25 GB). @defaultValue 536870912 (512 MiB)
     */
    PULSEBOARD_MAX_BACKLOG_BYTES: z.coerce
      .number({ error: 'PULSEBOARD_MAX_BACKLOG_BYTES must be a number of bytes' })
      .int('PULSEBOARD_MAX_BACKLOG_BYTES must be a whole number of bytes')
      .min(1 << 20, 'PULSEBOARD_MAX_BACKLOG_BYTES must be at least 1048576 (1 MiB)')
      .default(512 * 1024 * 1024),
    /** Events per second an ingest key may send unless the key sets its own limit. @defaultValue 100000 */
    PULSEBOARD_INGEST_RATE_LIMIT: z.coerce.number().int().min(1).default(100_000),
    /** Allowed clock skew for event timestamps ahead of the server's clock, in seconds. @defaultValue 60 */
    PULSEBOARD_MAX_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /**
     * Comma-separated CIDRs (or addresses) of the reverse proxies whose `X-Forwarded-For` names the client;
     * from any other peer the header is ignored. @defaultValue none
     */
    PULSEBOARD_TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((value, ctx) => {
        const entries = value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean);
        const bad = entries.filter((entry) => !parseTrustedProxy(entry));
        if (bad.length) {
          ctx.addIssue({
            code: 'custom',
            message: `PULSEBOARD_TRUSTED_PROXIES must be comma-separated CIDRs such as 10.0.0.0/8,fd00::/8 (not: ${bad.join(', ')})`,
          });
          return z.NEVER;
        }
        return entries.map((entry) => parseTrustedProxy(entry)).filter((range) => range !== null);
      }),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  })
  .superRefine(checkRedisCluster);
export type WebEnv = z.infer<typeof webEnvSchema>;

const envKey = Symbol.for('pulseboard.web-env');
type EnvHolder = { [envKey]?: WebEnv };

/** The web process's validated environment, read once. */
export function webEnv(): WebEnv {
  const holder = globalThis as EnvHolder;
  holder[envKey] ??= parseEnvOrExit(webEnvSchema, process.env);
  return holder[envKey];
}
