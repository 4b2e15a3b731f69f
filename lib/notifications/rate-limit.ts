import type { RedisClient } from '@/lib/redis';
import type { ChannelType } from './kinds';

/** Tokens per second and burst size for one destination. */
export type RateLimit = { perSecond: number; burst: number };

/**
 * Per-destination limits: Slack about 1 message/s per webhook, PagerDuty 120 events/min per routing key,
 * Teams about 4/s per connector. Generic webhooks and e-mail get a polite 5/s.
 */
export const defaultRateLimits: Record<ChannelType, RateLimit> = {
  slack: { perSecond: 1, burst: 2 },
  pagerduty: { perSecond: 2, burst: 20 },
  teams: { perSecond: 4, burst: 4 },
  webhook: { perSecond: 5, burst: 10 },
  email: { perSecond: 5, burst: 10 },
};

// A token bucket in one hash, refilled from Redis's own clock so every worker sees the same state.
const script = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1]) / 1000
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - at) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return wait
`;

/** Takes one token for the destination; returns 0 when taken, else the ms to wait before trying again. */
export async function takeToken(redis: RedisClient, key: string, limit: RateLimit): Promise<number> {
  const wait = await redis.eval(script, 1, key, String(limit.perSecond), String(limit.burst));
  return Number(wait);
}
