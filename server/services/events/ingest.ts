import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { ingestJobOptions, type IngestBatchJob } from '@/workers/catalogue';
import type { IngestKey } from '@/server/auth/ingest-keys';
import { TooManyRequestsError, UnavailableError, ValidationError } from '@/server/errors';
import { cleanEvents } from './clean';
import type { IngestResponse } from './schemas';

export type IngestContext = {
  key: IngestKey;
  queue: Queue;
  /** Counts each key's events per second, shared by every web process. */
  redis: Redis;
  prefix: string;
  /** Events per second a key may send when it sets no limit of its own. */
  defaultRateLimit: number;
  /** Waiting ingest jobs past which new requests get 429. */
  maxBacklog: number;
  maxSkewMs: number;
};

let backlog = { value: 0, readAt: 0 };

const rateWindowScript = `local used = redis.call('INCRBY', KEYS[1], ARGV[1])
if used == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], 2) end
return used`;

/** A fixed one-second window per key in Redis: past the key's limit, 429 until the next second. */
async function checkRateLimit(ctx: IngestContext, events: number): Promise<void> {
  const limit = ctx.key.rateLimit ?? ctx.defaultRateLimit;
  const second = Math.floor(Date.now() / 1000);
  const counter = `${ctx.prefix}:rate:${ctx.key.id}:${second}`;
  let used: number;
  try {
    // One script instead of MULTI/INCRBY/EXPIRE/EXEC: the window expires with the first increment of it.
    used = Number(await ctx.redis.eval(rateWindowScript, 1, counter, events));
  } catch {
    throw new UnavailableError('the event queue is unavailable; retry shortly', 5);
  }
  if (used > limit) {
    throw new TooManyRequestsError(`this ingest key may send ${limit} events per second`, 1);
  }
}

/** The ingest queue's waiting jobs, read at most every 250 ms so the hot path does not pay for it. */
async function waitingJobs(queue: Queue): Promise<number> {
  const now = Date.now();
  if (now - backlog.readAt > 250) backlog = { value: await queue.getWaitingCount(), readAt: now };
  return backlog.value;
}

/**
 * Cleans a request's events and enqueues the valid ones as one job. The 202 is sent only after Redis has
 * the job: that is the durability promise README describes.
 */
export async function ingestEvents({
  ctx,
  input,
}: {
  ctx: IngestContext;
  input: { events: unknown[]; receivedAt: number };
}): Promise<IngestResponse> {
  const { events, rejected } = cleanEvents(input.events, {
    source: ctx.key.source,
    receivedAt: input.receivedAt,
    maxSkewMs: ctx.maxSkewMs,
  });
  if (events.length === 0) {
    const first = rejected[0];
    const error = new ValidationError(
      first ? `no usable event: events[${first.index}].${first.field}: ${first.message}` : 'no usable event',
      first?.field,
    );
    throw Object.assign(error, { rejected });
  }
  await checkRateLimit(ctx, events.length);
  let waiting: number;
  try {
    waiting = await waitingJobs(ctx.queue);
  } catch {
    throw new UnavailableError('the event queue is unavailable; retry shortly', 5);
  }
  if (waiting > ctx.maxBacklog) {
    throw new TooManyRequestsError(`ingest backlog is over ${ctx.maxBacklog} batches; retry shortly`, 2);
  }
  const payload: IngestBatchJob = {
    source: ctx.key.source,
    keyId: ctx.key.id,
    backfill: ctx.key.canBackfill,
    receivedAt: input.receivedAt,
    events,
  };
  try {
    await ctx.queue.add('batch', payload, ingestJobOptions);
  } catch {
    throw new UnavailableError('the event queue is unavailable; retry shortly', 5);
  }
  return { accepted: events.length, rejected };
}
