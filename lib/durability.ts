import type { Redis } from 'ioredis';
import { masters, type RedisClient } from './redis';

export type Durability = { status: 'ok' | 'degraded' | 'unknown'; detail: string };

/**
 * What survives a Redis crash: with AOF the acknowledged events (up to the fsync interval), without it
 * everything still queued is lost. On a cluster every master is asked and the worst answer wins, naming
 * the node. docs/operations.md (what a 202 survives) states the same.
 */
export async function redisDurability(redis: RedisClient): Promise<Durability> {
  const nodes = await masters(redis);
  if (nodes.length === 0) return { status: 'unknown', detail: 'no Redis Cluster master reachable yet' };
  const answers = await Promise.all(nodes.map((node) => nodeDurability(node, nodes.length > 1)));
  const rank = { unknown: 0, degraded: 1, ok: 2 } as const;
  const worst = answers.reduce((a, b) => (rank[b.status] < rank[a.status] ? b : a));
  if (worst.status === 'ok' && nodes.length > 1) {
    return { status: 'ok', detail: `${worst.detail} on all ${nodes.length} masters` };
  }
  return worst;
}

async function nodeDurability(redis: Redis, named: boolean): Promise<Durability> {
  const node = named ? ` (${redis.options.host}:${redis.options.port})` : '';
  try {
    const [, aof] = (await redis.config('GET', 'appendonly')) as [string, string];
    const [, fsync] = (await redis.config('GET', 'appendfsync')) as [string, string];
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    if (policy !== 'noeviction') {
      return {
        status: 'degraded',
        detail: `Redis maxmemory-policy is ${policy}${node}; queued events may be evicted`,
      };
    }
    if (aof !== 'yes') {
      return {
        status: 'degraded',
        detail: `Redis runs without AOF${node}: events queued but not yet stored are lost if Redis crashes`,
      };
    }
    return { status: 'ok', detail: `Redis AOF on, appendfsync ${fsync}` };
  } catch (error) {
    return { status: 'unknown', detail: `cannot read Redis config${node}: ${(error as Error).message}` };
  }
}
