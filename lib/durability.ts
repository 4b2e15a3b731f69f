import type { Redis } from 'ioredis';

export type Durability = { status: 'ok' | 'degraded' | 'unknown'; detail: string };

/**
 * What survives a Redis crash: with AOF the acknowledged events (up to the fsync interval), without it
 * everything still queued is lost. README's "Durability" section states the same.
 */
export async function redisDurability(redis: Redis): Promise<Durability> {
  try {
    const [, aof] = (await redis.config('GET', 'appendonly')) as [string, string];
    const [, fsync] = (await redis.config('GET', 'appendfsync')) as [string, string];
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    if (policy !== 'noeviction') {
      return {
        status: 'degraded',
        detail: `Redis maxmemory-policy is ${policy}; queued events may be evicted`,
      };
    }
    if (aof !== 'yes') {
      return {
        status: 'degraded',
        detail: 'Redis runs without AOF: events queued but not yet stored are lost if Redis crashes',
      };
    }
    return { status: 'ok', detail: `Redis AOF on, appendfsync ${fsync}` };
  } catch (error) {
    return { status: 'unknown', detail: `cannot read Redis config: ${(error as Error).message}` };
  }
}
