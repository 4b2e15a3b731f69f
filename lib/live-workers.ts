import type { Redis } from 'ioredis';
import { workerHeartbeatPattern } from './redis-names';

/** Workers with a fresh heartbeat key. SCAN walks the whole keyspace: one call returns only a slice of it. */
export async function countLiveWorkers(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', workerHeartbeatPattern(prefix), 'COUNT', 1000);
    cursor = next;
    count += keys.length;
  } while (cursor !== '0');
  return count;
}
