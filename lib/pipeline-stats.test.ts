import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedisPrefix, testRedisUrl } from '@/test/db';
import { flushStatsKey, readFlushStats, recordFlush } from './pipeline-stats';

const redis = new Redis(testRedisUrl);
const prefix = testRedisPrefix();
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('pipeline flush statistics', () => {
  it('sums the flushes of every worker per second, and reads a window of whole seconds', async () => {
    const t = 1_800_000_000_000;
    await recordFlush(redis, prefix, { stored: 10, duplicates: 2, late: 1 }, t);
    await recordFlush(redis, prefix, { stored: 5, duplicates: 0, late: 0 }, t + 999); // another worker, same second
    await recordFlush(redis, prefix, { stored: 1, duplicates: 3, late: 0 }, t + 1000);
    await recordFlush(redis, prefix, { stored: 7, duplicates: 7, late: 7 }, t + 60_000); // outside
    await recordFlush(redis, prefix, { stored: 0, duplicates: 0, late: 0 }, t + 2000); // nothing: no key
    const s = t / 1000;
    expect(await readFlushStats(redis, prefix, s, s + 59)).toEqual({ stored: 16, duplicates: 5, late: 1 });
    expect(await readFlushStats(redis, prefix, s + 1, s + 1)).toEqual({ stored: 1, duplicates: 3, late: 0 });
    expect(await redis.exists(flushStatsKey(prefix, s + 2))).toBe(0);
    expect(await redis.ttl(flushStatsKey(prefix, s))).toBeGreaterThan(200);
  });
});
