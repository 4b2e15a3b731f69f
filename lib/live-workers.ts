import { masters, type RedisClient } from './redis';
import { workerHeartbeatPattern } from './redis-names';

/**
 * Workers with a fresh heartbeat key. SCAN walks the whole keyspace: one call returns only a slice of it,
 * and on a cluster each master holds only its own slots, so every master is walked.
 */
export async function countLiveWorkers(redis: RedisClient, prefix: string): Promise<number> {
  let count = 0;
  for (const node of await masters(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', workerHeartbeatPattern(prefix), 'COUNT', 1000);
      cursor = next;
      count += keys.length;
    } while (cursor !== '0');
  }
  return count;
}
