import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TooManyRequestsError } from '@/core/errors';
import { readyRedis, testRedisPrefix } from '@/test/db';
import { passwordThrottle, takePasswordTry } from './password-throttle';

let redis: Redis;
const prefix = testRedisPrefix();
const limit = passwordThrottle.accountAddress.points;

/** Takes a failed login try at `account` from `clientAddress`: 'ok', or 'refused' when throttled. */
async function guess(account: string, clientAddress: string): Promise<'ok' | 'refused'> {
  try {
    await takePasswordTry({ redis, prefix, clientAddress }, 'login', account);
    return 'ok';
  } catch (error) {
    if (error instanceof TooManyRequestsError) return 'refused';
    throw error;
  }
}

beforeAll(async () => {
  redis = await readyRedis();
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('password throttle client addresses', () => {
  it('counts IPv6 addresses by their /64: a host cycling through its prefix is refused after the limit', async () => {
    const results: string[] = [];
    for (let i = 1; i <= limit + 5; i++)
      results.push(await guess('v6@throttle', `2001:db8:1:2::${i.toString(16)}`));
    expect(results).toEqual([...Array<string>(limit).fill('ok'), ...Array<string>(5).fill('refused')]);
    // Any spelling inside the same /64 shares the budget; the next /64 has its own.
    expect(await guess('v6@throttle', '2001:DB8:1:2:ffff:ffff:ffff:ffff')).toBe('refused');
    expect(await guess('v6@throttle', '2001:db8:1:3::1')).toBe('ok');
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address, and IPv4 addresses one by one', async () => {
    for (let i = 0; i < limit; i++) expect(await guess('v4@throttle', '192.0.2.7')).toBe('ok');
    expect(await guess('v4@throttle', '::ffff:192.0.2.7')).toBe('refused');
    expect(await guess('v4@throttle', '::ffff:c000:207')).toBe('refused');
    expect(await guess('v4@throttle', '192.0.2.8')).toBe('ok');
  });

  it('the address budget (any accounts) is shared across a /64 too', async () => {
    const results: string[] = [];
    for (let i = 1; i <= passwordThrottle.address.points + 1; i++) {
      results.push(await guess(`spray-${i}@throttle`, `2001:db8:9:9:${i.toString(16)}::1`));
    }
    expect(results.at(-1)).toBe('refused');
  });
});
