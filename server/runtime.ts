import { Queue } from 'bullmq';
import { createDb, createSql, type Db, type Sql } from '@/db/client';
import { bullConnection, createRedis, type RedisClient } from '@/lib/redis';
import { queueNames } from '@/lib/redis-names';
import { webEnv, type WebEnv } from './env';

export type Runtime = {
  env: WebEnv;
  sql: Sql;
  db: Db;
  /** Commands only; fails fast while Redis is down instead of queueing them in memory. */
  redis: RedisClient;
  ingestQueue: Queue;
};

const runtimeKey = Symbol.for('pulseboard.runtime');
type RuntimeHolder = { [runtimeKey]?: Runtime };

/**
 * The web process's connections, created once. Next.js bundles route handlers separately from the custom
 * server, so the singletons live on globalThis: both sides then share one pool and one queue.
 */
export function runtime(): Runtime {
  const holder = globalThis as RuntimeHolder;
  if (!holder[runtimeKey]) {
    const env = webEnv();
    const sql = createSql(env.DATABASE_URL, { max: 10, appName: 'pulseboard-web' });
    const redis = createRedis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on('error', () => {}); // reported through /api/ready and 503s, not as unhandled errors
    const ingestQueue = new Queue(queueNames.ingest, {
      connection: bullConnection(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
      prefix: env.PULSEBOARD_REDIS_PREFIX,
    });
    ingestQueue.on('error', () => {});
    holder[runtimeKey] = { env, sql, db: createDb(sql), redis, ingestQueue };
  }
  return holder[runtimeKey];
}

/** Closes every connection; used by graceful shutdown and tests. */
export async function closeRuntime(): Promise<void> {
  const holder = globalThis as RuntimeHolder;
  const rt = holder[runtimeKey];
  if (!rt) return;
  holder[runtimeKey] = undefined;
  await Promise.allSettled([rt.ingestQueue.close(), rt.sql.end({ timeout: 5 })]);
  rt.redis.disconnect();
}
