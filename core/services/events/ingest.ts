import type { Queue } from 'bullmq';
import { redisOf, type IngestQueues } from '@/lib/queues';
import { waitForReplicas, type RedisClient as Redis } from '@/lib/redis';
import { dedupKeyOf, ingestPartitionOf } from '@/contracts/ingest-partition';
import { ingestJobOptions, type IngestBatchJob, type IngestRequestsJob } from '@/contracts/jobs';
import { packIngestJobs } from '@/contracts/packed-job';
import type { IngestKey } from '@/core/auth/ingest-keys';
import { TooManyRequestsError, UnavailableError, ValidationError } from '@/core/errors';
import { checkBacklog } from './backlog';
import { cleanEvents } from './clean';
import { ingestLimits, type IngestResponse } from './schemas';

export type IngestContext = {
  key: IngestKey;
  /** Every ingest partition: a request's events go to the partitions of their de-duplication keys. */
  queue: IngestQueues;
  /** Counts each key's events per second, shared by every web process. */
  redis: Redis;
  prefix: string;
  /** Events per second a key may send when it sets no limit of its own. */
  defaultRateLimit: number;
  /** Unfinished ingest jobs past which new requests get 429. */
  maxBacklog: number;
  /** PULSEBOARD_REDIS_WAIT_REPLICAS: replicas that must have a job before its 202. @defaultValue 0 */
  waitReplicas?: number;
  /** Bytes of the unfinished ingest jobs' payloads past which new requests get 429 (backlog.ts). */
  maxBacklogBytes: number;
  /** How long a reading of the backlog is shared between requests, in ms. @defaultValue 250 */
  backlogReadMs?: number;
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
/** Per queue, per PULSEBOARD_REDIS_WAIT_REPLICAS (one value in a process; tests use several). */
const jobAdds = new WeakMap<Queue, Map<number, TurnBatch<TurnRequest, null>>>();

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

/** Replication is asynchronous: a job may be on its master only when the 202 goes out, unless we wait. */
const replicaWaitMs = 1000;

/**
 * Resolves once Redis has the job (the 202's promise), and `waitReplicas` of its replicas too; a turn's
 * requests go in one compact job.
 */
function enqueue(queue: Queue, request: TurnRequest, waitReplicas = 0): Promise<null> {
  let batches = jobAdds.get(queue);
  if (!batches) jobAdds.set(queue, (batches = new Map<number, TurnBatch<TurnRequest, null>>()));
  let batch = batches.get(waitReplicas);
  if (!batch) {
    batch = new TurnBatch(async (requests) => {
      const jobs = turnJobs(requests).map((data) => ({ name: 'requests', data, opts: ingestJobOptions }));
      await queue.addBulk(jobs);
      if (waitReplicas > 0) {
        const client = await redisOf(queue);
        const got = await waitForReplicas(client, queue.toKey('id'), waitReplicas, replicaWaitMs);
        // The job stays queued and is stored; the client's resend of the request is de-duplicated.
        if (got < waitReplicas) throw new Error(`${got} of ${waitReplicas} replicas have the job`);
      }
      return requests.map(() => null);
    });
    batches.set(waitReplicas, batch);
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
 * A request's events split by ingest partition (the partition of each event's de-duplication key), in
 * their order; `chars` is shared out by event count, since it only bounds the size of the jobs.
 */
export function partitionRequest(
  payload: IngestBatchJob,
  chars: number,
  partitions: number,
): { partition: number; request: TurnRequest }[] {
  if (partitions === 1) return [{ partition: 0, request: { payload, chars } }];
  const split = new Map<number, IngestBatchJob['events']>();
  for (const event of payload.events) {
    const partition = ingestPartitionOf(dedupKeyOf(event, payload.source), partitions);
    const events = split.get(partition);
    if (events) events.push(event);
    else split.set(partition, [event]);
  }
  const total = payload.events.length;
  return [...split].map(([partition, events]) => ({
    partition,
    request: { payload: { ...payload, events }, chars: Math.ceil((chars * events.length) / total) },
  }));
}

/**
 * Cleans a request's events and enqueues the valid ones: in each partition its events fall into, in one
 * job with the requests answered in the same event-loop turn. The 202 is sent only after Redis has every
 * partition's job: that is the durability promise docs/operations.md describes. When one partition's add
 * fails the others' events are stored anyway; the client resends the request on the 503 and
 * de-duplication counts those events once.
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
  await checkBacklog(ctx.queue.partitions, {
    maxJobs: ctx.maxBacklog,
    maxBytes: ctx.maxBacklogBytes,
    readEveryMs: ctx.backlogReadMs,
  });
  const payload: IngestBatchJob = {
    source: ctx.key.source,
    keyId: ctx.key.id,
    backfill: ctx.key.canBackfill,
    receivedAt: input.receivedAt,
    events,
  };
  const chars = input.bodyChars ?? events.length * ingestLimits.maxEventBytes;
  try {
    const parts = partitionRequest(payload, chars, ctx.queue.partitions.length);
    await Promise.all(
      parts.map((p) => enqueue(ctx.queue.partition(p.partition), p.request, ctx.waitReplicas)),
    );
  } catch {
    throw new UnavailableError('the event queue is unavailable; retry shortly', 5);
  }
  return { accepted: events.length, rejected };
}
