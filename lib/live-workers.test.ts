import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedisPrefix, testRedisUrl } from '@/test/db';
import { countLiveWorkers } from './live-workers';
import { workerHeartbeatKey } from './redis-names';

const prefix = testRedisPrefix();
const redis = new Redis(testRedisUrl);
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('countLiveWorkers', () => {
  it('finds every heartbeat however many other keys Redis holds', async () => {
    const pipeline = redis.pipeline();
    for (let i = 0; i < 5000; i++) pipeline.set(`${prefix}:filler:${i}`, '1', 'EX', 60);
    await pipeline.exec();
    await redis.set(workerHeartbeatKey(prefix, 'a'), '1', 'PX', 10_000);
    await redis.set(workerHeartbeatKey(prefix, 'b'), '1', 'PX', 10_000);
    expect(await countLiveWorkers(redis, prefix)).toBe(2);
  });
});
