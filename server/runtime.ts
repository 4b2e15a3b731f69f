import { createDb, createSql, type Db, type Sql } from '@/db/client';
import { secretKey } from '@/lib/notifications/secrets';
import { closeQueues, openQueues, type Queues } from '@/lib/queues';
import { createRedis, type RedisClient } from '@/lib/redis';
import { webEnv, type WebEnv } from './env';

export type Runtime = {
  env: WebEnv;
  sql: Sql;
  db: Db;
  /**
   * Where metric series and event lists read: PULSEBOARD_DATABASE_REPLICA_URL's pool, else `db`. What they
   * show is written by the workers after the queue anyway, so a replica's lag adds to a delay that exists.
   */
  readDb: Db;
  /** The replica's pool, when there is one. */
  readSql: Sql | null;
  /** Commands only; fails fast while Redis is down instead of queueing them in memory. */
  redis: RedisClient;
  /** Every queue of the job catalogue (contracts/jobs.ts), made here once. */
  queues: Queues;
  /** The AES key of channel secrets, derived once from PULSEBOARD_SECRET. */
  secretKey: Buffer;
  /** Samples of this process's accepted-events counter, for the pipeline page's windowed rate. */
  acceptedSamples: { at: number; accepted: number }[];
};

const runtimeKey = Symbol.for('pulseboard.runtime');
type RuntimeHolder = { [runtimeKey]?: Runtime };

/**
 * The web process's composition root: its connections, queues and process-wide state, created once.
 * Next.js bundles route handlers separately from the custom server, so this one holder lives on
 * globalThis: both sides then share one pool, one Redis client and one set of queues.
 */
export function runtime(): Runtime {
  const holder = globalThis as RuntimeHolder;
  if (!holder[runtimeKey]) {
    const env = webEnv();
    const sql = createSql(env.DATABASE_URL, { max: 10, appName: 'pulseboard-web' });
    const readSql = env.PULSEBOARD_DATABASE_REPLICA_URL
      ? createSql(env.PULSEBOARD_DATABASE_REPLICA_URL, { max: 10, appName: 'pulseboard-web-replica' })
      : null;
    const db = createDb(sql);
    const redis = createRedis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on('error', () => {}); // reported through /api/ready and 503s, not as unhandled errors
    const queues = openQueues({
      redisUrl: env.REDIS_URL,
      prefix: env.PULSEBOARD_REDIS_PREFIX,
      partitions: env.PULSEBOARD_INGEST_PARTITIONS,
      failFast: true,
    });
    holder[runtimeKey] = {
      env,
      sql,
      db,
      readDb: readSql ? createDb(readSql) : db,
      readSql,
      redis,
      queues,
      secretKey: secretKey(env.PULSEBOARD_SECRET),
      acceptedSamples: [],
    };
  }
  return holder[runtimeKey];
}

/** Closes every connection; used by graceful shutdown and tests. */
export async function closeRuntime(): Promise<void> {
  const holder = globalThis as RuntimeHolder;
  const rt = holder[runtimeKey];
  if (!rt) return;
  holder[runtimeKey] = undefined;
  await Promise.allSettled([
    closeQueues(rt.queues),
    rt.sql.end({ timeout: 5 }),
    rt.readSql?.end({ timeout: 5 }),
  ]);
  rt.redis.disconnect();
}
