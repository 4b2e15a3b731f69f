import type { Queue } from 'bullmq';
import type { RedisClient as Redis } from '@/lib/redis';
import { ingestJobOptions, type IngestBatchJob, type IngestRequestsJob } from '@/contracts/jobs';
import { packIngestJobs } from '@/contracts/packed-job';
import type { IngestKey } from '@/core/auth/ingest-keys';
import { TooManyRequestsError, UnavailableError, ValidationError } from '@/core/errors';
import { checkBacklog } from './backlog';
import { cleanEvents } from './clean';
import { ingestLimits, type IngestResponse } from './schemas';

export type IngestContext = {
  key: IngestKey;
  queue: Queue;
  /** Counts each key's events per second, shared by every web process. */
  redis: Redis;
  prefix: string;
  /** Events per second a key may send when it sets no limit of its own. */
  defaultRateLimit: number;
  /** Unfinished ingest jobs past which new requests get 429. */
  maxBacklog: number;
  /** Bytes of the unfinished ingest jobs' payloads past which new requests get 429 (backlog.ts). */
  maxBacklogBytes: number;
  maxSkewMs: number;
  /** PULSEBOARD_RETENTION_EVENTS_DAYS: events older than this many days are refused. */
  eventsRetentionDays: number;
};

/**
 * Calls made in the same event-loop turn, sent on together at its end. Requests answered at once share
 * their Redis round trips (one rate-window script per counter, one addBulk for their jobs): fewer writes
 * and wake-ups in the web process and in Redis. Each caller still waits for its own outcome.
 */
class TurnBatch<I, O> {
  private items: { input: I; resolve: (output: O) => void; reject: (error: unknown) => void }[] = [];

  constructor(private readonly send: (inputs: I[]) => Promise<O[]>) {}

  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (this.items.length === 0) setImmediate(() => this.flush());
      this.items.push({ input, resolve, reject });
    });
  }

  private flush(): void {
    const items = this.items;
    this.items = [];
    this.send(items.map((i) => i.input)).then(
      (outputs) => items.forEach((item, k) => item.resolve(outputs[k] as O)),
      (error: unknown) => items.forEach((item) => item.reject(error)),
    );
  }
}

const rateWindowScript = `local used = redis.call('INCRBY', KEYS[1], ARGV[1])
if used == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], 2) end
return used`;

/**
 * Adds a turn's events to each counter with one script call, and answers each request the count after its
 * own events, in arrival order: exactly what one INCRBY per request would have answered.
 */
async function addToWindows(redis: Redis, items: { counter: string; events: number }[]): Promise<number[]> {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(item.counter, (totals.get(item.counter) ?? 0) + item.events);
  const usedBefore = new Map<string, number>();
  await Promise.all(
    [...totals].map(async ([counter, total]) => {
      const after = Number(await redis.eval(rateWindowScript, 1, counter, total));
      usedBefore.set(counter, after - total);
    }),
  );
  return items.map((item) => {
    const used = (usedBefore.get(item.counter) ?? 0) + item.events;
    usedBefore.set(item.counter, used);
    return used;
  });
}

const rateWindows = new WeakMap<Redis, TurnBatch<{ counter: string; events: number }, number>>();
const jobAdds = new WeakMap<Queue, TurnBatch<TurnRequest, null>>();

function addToWindow(redis: Redis, counter: string, events: number): Promise<number> {
  let batch = rateWindows.get(redis);
  if (!batch) rateWindows.set(redis, (batch = new TurnBatch((items) => addToWindows(redis, items))));
  return batch.run({ counter, events });
}

/**
 * A job holds at most what one request may (DESIGN.md): 10,000 events and the body size limit, so no job
 * is bigger than a request's; the backlog's bytes are bounded by `PULSEBOARD_MAX_BACKLOG_BYTES`
 * (backlog.ts). Body size is counted in characters of the request body.
 */
const maxJobEvents = ingestLimits.maxEvents;
const maxJobChars = ingestLimits.maxBodyBytes;

type TurnRequest = { payload: IngestBatchJob; chars: number };

/**
 * A turn's requests as `requests` jobs in order, each within one request's limits (a request is never
 * split, so a job's requests succeed or retry together; de-duplication keeps a retry from counting twice).
 */
export function turnJobs(requests: readonly TurnRequest[]): IngestRequestsJob[] {
  const jobs: IngestRequestsJob[] = [];
  let group: IngestBatchJob[] = [];
  let events = 0;
  let chars = 0;
  for (const { payload, chars: size } of requests) {
    const full = events + payload.events.length > maxJobEvents || chars + size > maxJobChars;
    if (group.length > 0 && full) {
      jobs.push(packIngestJobs(group));
      group = [];
      events = 0;
      chars = 0;
    }
    group.push(payload);
    events += payload.events.length;
    chars += size;
  }
  if (group.length > 0) jobs.push(packIngestJobs(group));
  return jobs;
}

/** Resolves once Redis has the job (the 202's promise); a turn's requests go in one compact job. */
function enqueue(queue: Queue, request: TurnRequest): Promise<null> {
  let batch = jobAdds.get(queue);
  if (!batch) {
    batch = new TurnBatch(async (requests) => {
      const jobs = turnJobs(requests).map((data) => ({ name: 'requests', data, opts: ingestJobOptions }));
      await queue.addBulk(jobs);
      return requests.map(() => null);
    });
    jobAdds.set(queue, batch);
  }
  return batch.run(request);
}

/** A fixed one-second window per key in Redis: past the key's limit, 429 until the next second. */
async function checkRateLimit(ctx: IngestContext, events: number): Promise<void> {
  const limit = ctx.key.rateLimit ?? ctx.defaultRateLimit;
  const second = Math.floor(Date.now() / 1000);
  const counter = `${ctx.prefix}:rate:${ctx.key.id}:${second}`;
  let used: number;
  try {
    // One script instead of MULTI/INCRBY/EXPIRE/EXEC: the window expires with the first increment of it.
    used = await addToWindow(ctx.redis, counter, events);
  } catch {
    throw new UnavailableError('the event queue is unavailable; retry shortly', 5);
  }
  if (used > limit) {
    throw new TooManyRequestsError(`this ingest key may send ${limit} events per second`, 1);
  }
}

/**
 * Cleans a request's events and enqueues the valid ones, in one job with the requests answered in the same
 * event-loop turn. The 202 is sent only after Redis has
 * the job: that is the durability promise docs/operations.md describes.
 */
export async function ingestEvents({
  ctx,
  input,
}: {
  ctx: IngestContext;
  /** `bodyChars`: the request body's length, which bounds the size of the job it goes into. */
  input: { events: unknown[]; receivedAt: number; bodyChars?: number };
}): Promise<IngestResponse> {
  const { events, rejected } = cleanEvents(input.events, {
    source: ctx.key.source,
    receivedAt: input.receivedAt,
    maxSkewMs: ctx.maxSkewMs,
    eventsRetentionDays: ctx.eventsRetentionDays,
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
  await checkBacklog([ctx.queue], { maxJobs: ctx.maxBacklog, maxBytes: ctx.maxBacklogBytes });
  const payload: IngestBatchJob = {
    source: ctx.key.source,
    keyId: ctx.key.id,
    backfill: ctx.key.canBackfill,
    receivedAt: input.receivedAt,
    events,
  };
  try {
    await enqueue(ctx.queue, {
      payload,
      chars: input.bodyChars ?? events.length * ingestLimits.maxEventBytes,
    });
  } catch {
    throw new UnavailableError('the event queue is unavailable; retry shortly', 5);
  }
  return { accepted: events.length, rejected };
}
