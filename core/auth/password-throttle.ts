import ipaddr from 'ipaddr.js';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisClient } from '@/lib/redis';
import { TooManyRequestsError } from '@/core/errors';

/**
 * Password tries (logins, and the current-password check of a password change). Each try spends a point
 * of every budget before the password is checked, atomically in Redis, so concurrent guesses cannot
 * overrun a budget; a correct password gives its points back. All budgets are per client address, so
 * failures from one place never lock the account out anywhere else. An IPv6 address counts as its /64,
 * the block one host (one customer line) gets, so cycling through it buys no extra tries.
 */
export const passwordThrottle = {
  /** One account from one address: 10 failed tries within an hour, then that pair waits 15 minutes. */
  accountAddress: { points: 10, durationSeconds: 3600, blockSeconds: 900 },
  /** One address, any accounts (spraying): 15 failed tries within 15 minutes, then it waits 15 minutes. */
  address: { points: 15, durationSeconds: 900, blockSeconds: 900 },
  /** One address, slowly: 100 failed tries within a day, then it waits for the day to end. */
  addressDaily: { points: 100, durationSeconds: 86_400, blockSeconds: 0 },
} as const;

export type ThrottleContext = { redis: RedisClient; prefix: string; clientAddress: string };

/** Which check a try is for: its account budgets are kept apart (a login names an e-mail, a change a user). */
export type PasswordTryKind = 'login' | 'change-password';

type Limiters = {
  accountAddress: RateLimiterRedis;
  address: RateLimiterRedis;
  addressDaily: RateLimiterRedis;
};
const limitersByClient = new WeakMap<RedisClient, Map<string, Limiters>>();

function limiters(redis: RedisClient, prefix: string): Limiters {
  let byPrefix = limitersByClient.get(redis);
  if (!byPrefix) limitersByClient.set(redis, (byPrefix = new Map<string, Limiters>()));
  let found = byPrefix.get(prefix);
  if (!found) {
    const make = (name: keyof typeof passwordThrottle) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${prefix}:password-tries:${name}`,
        points: passwordThrottle[name].points,
        duration: passwordThrottle[name].durationSeconds,
        blockDuration: passwordThrottle[name].blockSeconds,
      });
    found = {
      accountAddress: make('accountAddress'),
      address: make('address'),
      addressDaily: make('addressDaily'),
    };
    byPrefix.set(prefix, found);
  }
  return found;
}

/** Spends a point; a refusal (budget spent or blocked) is null with the wait, a Redis failure throws. */
async function spend(limiter: RateLimiterRedis, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    throw refusal;
  }
}

/**
 * What a client address is counted as: an IPv4 address as itself (an IPv4-mapped IPv6 one too), an IPv6
 * address as its /64 (`2001:db8:1:2::/64`). Anything else (`unknown`) is counted as written.
 */
export function throttledAddress(clientAddress: string): string {
  if (!ipaddr.isValid(clientAddress)) return clientAddress;
  const address = ipaddr.process(clientAddress);
  if (address.kind() === 'ipv4') return address.toString();
  const prefix = ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`);
  return `${prefix.toString()}/64`;
}

/** A try that may go ahead; call `succeeded` when the password was right. */
export type PasswordTry = { succeeded: () => Promise<void> };

/**
 * Takes one try for `account` (an e-mail for a login, a user id for a password change) from the
 * client address, or throws TooManyRequestsError with the wait. A refused try spends nothing it was
 * not refused by, so hammering a blocked account does not use up the address's budget.
 */
export async function takePasswordTry(
  ctx: ThrottleContext,
  kind: PasswordTryKind,
  account: string,
): Promise<PasswordTry> {
  const all = limiters(ctx.redis, ctx.prefix);
  const address = throttledAddress(ctx.clientAddress);
  const pairKey = `${kind}:${account}|${address}`;
  const spent: RateLimiterRedis[] = [];
  const refund = () => Promise.all(spent.map((limiter) => limiter.reward(address, 1)));
  for (const limiter of [all.address, all.addressDaily]) {
    const wait = await spend(limiter, address);
    if (wait !== null) {
      await refund();
      throw new TooManyRequestsError(
        'too many failed sign-in attempts from this address; try again later',
        wait,
      );
    }
    spent.push(limiter);
  }
  const wait = await spend(all.accountAddress, pairKey);
  if (wait !== null) {
    await refund();
    throw new TooManyRequestsError('too many failed attempts for this account; try again later', wait);
  }
  return {
    async succeeded() {
      await Promise.all([all.accountAddress.delete(pairKey), refund()]);
    },
  };
}
