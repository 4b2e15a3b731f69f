import { sql } from 'drizzle-orm';
import { redisDurability, type Durability } from '@/lib/durability';
import { countLiveWorkers } from '@/lib/live-workers';
import type { Runtime } from '@/server/runtime';
import { errorFields } from '@/core/errors';

export type Readiness = {
  ready: boolean;
  database: { ok: boolean; timescaledb: boolean; error?: string };
  redis: { ok: boolean; error?: string };
  workers: { ok: boolean; count: number };
  durability: Durability;
};

async function check<T>(
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error: errorFields(error).error };
  }
}

/** Whether the database, Redis and at least one worker are reachable, and how durable a 202 is. */
export async function readiness(rt: Runtime): Promise<Readiness> {
  const [database, redis, workers] = await Promise.all([
    check(async () => {
      const rows = await rt.db.execute<{ ts: boolean }>(
        sql`select exists (select 1 from pg_extension where extname = 'timescaledb') as ts`,
      );
      return rows[0]?.ts ?? false;
    }),
    check(() => rt.redis.ping()),
    check(async () => {
      const liveWorkers = await countLiveWorkers(rt.redis, rt.env.PULSEBOARD_REDIS_PREFIX);
      return liveWorkers;
    }),
  ]);
  const durability: Durability = redis.ok
    ? await redisDurability(rt.redis)
    : { status: 'degraded', detail: 'Redis is unreachable' };
  const workerCount = workers.ok ? workers.value : 0;
  return {
    ready: database.ok && redis.ok && workerCount > 0,
    database: database.ok
      ? { ok: true, timescaledb: database.value }
      : { ok: false, timescaledb: false, error: database.error },
    redis: redis.ok ? { ok: true } : { ok: false, error: redis.error },
    workers: { ok: workerCount > 0, count: workerCount },
    durability,
  };
}
