import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TooManyRequestsError, UnavailableError, ValidationError } from '@/core/errors';
import { IngestQueues, openIngestQueues } from '@/lib/queues';
import { queueNames } from '@/lib/redis-names';
import { testRedisPrefix, testRedisUrl } from '@/test/db';
import type { IngestKey } from '@/core/auth/ingest-keys';
import { unpackIngestJob } from '@/contracts/packed-job';
import { webEnvSchema } from '@/server/env';
import { readBacklog } from './backlog';
import { ingestEvents, turnJobs } from './ingest';

const prefix = testRedisPrefix();
let queues: IngestQueues;
let queue: Queue;
const key: IngestKey = { id: 'k1', source: 'shop', canBackfill: false, rateLimit: null };

let redis: Redis;
beforeAll(() => {
  queues = openIngestQueues({ redisUrl: testRedisUrl, prefix, failFast: false });
  queue = queues.partition(0);
  redis = new Redis(testRedisUrl);
});
afterAll(async () => {
  redis.disconnect();
  await queue.obliterate({ force: true });
  await queues.close();
});

const ingest = (events: unknown[], maxBacklog = 1000, q = queues, k = key, maxBacklogBytes = 64 << 20) =>
  ingestEvents({
    ctx: {
      key: k,
      queue: q,
      redis,
      prefix,
      defaultRateLimit: 100_000,
      maxBacklog,
      maxBacklogBytes,
      maxSkewMs: 60_000,
      eventsRetentionDays: 30,
    },
    input: { events, receivedAt: Date.now(), bodyChars: JSON.stringify({ events }).length },
  });

describe('ingestEvents (real Redis)', () => {
  it('enqueues one compact job carrying only the valid events', async () => {
    const result = await ingest([{ id: 'a', type: 't' }, { id: 'b' }, { id: 'c', type: 't', value: 2 }]);
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => [r.index, r.field])).toEqual([[1, 'type']]);
    const [job] = await queue.getWaiting();
    // Columns, one entry per event; a field no event has is left out.
    expect(job?.data).toMatchObject({ id: ['a', 'c'], type: ['t', 't'], value: [null, 2] });
    expect(job?.data).not.toHaveProperty('dedupKey');
    expect(unpackIngestJob(job?.data)).toMatchObject([
      {
        source: 'shop',
        events: [
          { id: 'a', value: undefined },
          { id: 'c', value: 2 },
        ],
      },
    ]);
  });

  it('answers 400 and enqueues nothing when no event is usable', async () => {
    const before = await queue.getWaitingCount();
    await expect(ingest([{ id: 'x' }])).rejects.toBeInstanceOf(ValidationError);
    expect(await queue.getWaitingCount()).toBe(before);
  });

  it('answers 400 naming ts and the retention horizon for events past it, even from a backfill key', async () => {
    const before = await queue.getWaitingCount();
    const backfillKey: IngestKey = { ...key, id: 'k-backfill', canBackfill: true };
    const old = Date.now() - 31 * 86_400_000;
    const refused = await ingest([{ id: 'o', type: 't', ts: old }], 1000, queues, backfillKey).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused).toMatchObject({ field: 'ts', rejected: [{ index: 0, field: 'ts' }] });
    expect((refused as ValidationError).message).toMatch(/older than the 30-day events retention \(before /);
    expect(await queue.getWaitingCount()).toBe(before);
    // Inside the horizon a backfill key's old event is accepted.
    const inside = Date.now() - 29 * 86_400_000;
    const accepted = await ingest([{ id: 'i', type: 't', ts: inside }], 1000, queues, backfillKey);
    expect(accepted).toEqual({ accepted: 1, rejected: [] });
  });

  it('answers 429 with Retry-After once the backlog passes the bound, instead of growing Redis', async () => {
    await queue.addBulk(Array.from({ length: 20 }, () => ({ name: 'batch', data: {} })));
    await new Promise((r) => setTimeout(r, 300)); // the backlog reading is cached for 250 ms
    const waiting = await queue.getWaitingCount();
    const error = await ingest([{ id: 'z', type: 't' }], 5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).retryAfterSeconds).toBeGreaterThan(0);
    expect(await queue.getWaitingCount()).toBe(waiting);
  });

  it('answers 503 with Retry-After when Redis is unreachable', async () => {
    const dead = new Queue(queueNames.ingest, {
      connection: {
        host: '127.0.0.1',
        port: 1,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        retryStrategy: () => null,
      },
      prefix,
    });
    dead.on('error', () => {});
    await new Promise((r) => setTimeout(r, 300));
    const error = await ingest([{ id: 'y', type: 't' }], 1000, new IngestQueues([dead])).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnavailableError);
    await dead.close().catch(() => {});
  });

  it('answers 429 with Retry-After once a key passes its own events-per-second limit', async () => {
    const limited = { ...key, id: 'limited', rateLimit: 150 };
    // Start right after a second boundary so both requests fall in the same window.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
    const batch = Array.from({ length: 100 }, (_, i) => ({ id: `rl${i}`, type: 't' }));
    await expect(ingest(batch, 1_000_000, queues, limited)).resolves.toMatchObject({ accepted: 100 });
    const error = await ingest(batch, 1_000_000, queues, limited).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).message).toMatch(/150 events per second/);
    expect((error as TooManyRequestsError).retryAfterSeconds).toBe(1);
  });

  it('answers requests made at once as if one after another: one job, the limit counted in order', async () => {
    const limited = { ...key, id: 'turn', rateLimit: 250 };
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
    // A fresh backlog reading (kept 250 ms), so no request of the turn stops to read it again.
    await ingest([{ id: 'warm', type: 't' }]);
    const before = await queue.getWaitingCount();
    const batches = [0, 1, 2].map((b) =>
      Array.from({ length: 100 }, (_, i) => ({ id: `t${b}-${i}`, type: 't' })),
    );
    const outcomes = await Promise.allSettled(
      batches.map((batch) => ingest(batch, 1_000_000, queues, limited)),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(TooManyRequestsError);
    // Both accepted requests went in one compact job, in order.
    const jobs = (await queue.getWaiting(0, -1)).filter((j) => j.name === 'requests');
    const requests = jobs.flatMap((j) => unpackIngestJob(j.data) ?? []).filter((r) => r.keyId === 'turn');
    expect(requests.map((r) => [r.events.length, r.events[0]?.id])).toEqual([
      [100, 't0-0'],
      [100, 't1-0'],
    ]);
    expect(await queue.getWaitingCount()).toBe(before + 1);
  });

  it('starts a new job before a turn’s requests pass one request’s limits (10,000 events, 5 MB of body)', () => {
    const request = (n: number, chars: number) => ({
      payload: {
        source: 'default',
        keyId: 'k',
        backfill: false,
        receivedAt: 0,
        events: Array.from({ length: n }, (_, i) => ({ id: `e${i}`, type: 't', ts: 0, late: false })),
      },
      chars,
    });
    const perJob = (requests: ReturnType<typeof request>[]) =>
      turnJobs(requests as Parameters<typeof turnJobs>[0]).map((job) => unpackIngestJob(job)?.length);
    // By size: 2 MB + 2 MB fit, the third would pass 5 MB.
    expect(perJob([request(1, 2e6), request(1, 2e6), request(1, 2e6)])).toEqual([2, 1]);
    // By events: 6,000 + 6,000 would pass 10,000.
    expect(perJob([request(6000, 100), request(6000, 100)])).toEqual([1, 1]);
    // A request is never split, even one at the limits.
    expect(perJob([request(10_000, 5 * 1024 * 1024)])).toEqual([1]);
  });

  it('answers 429 naming the byte budget once the queued payloads pass it, and accepts again once a worker has drained them, retries included', async () => {
    // A queue of its own: the other tests leave jobs waiting in theirs.
    const own = testRedisPrefix();
    const q = new Queue(queueNames.ingest, { connection: { url: testRedisUrl }, prefix: own });
    const settle = () => new Promise((r) => setTimeout(r, 300)); // backlog readings are kept 250 ms
    const budget = 20_000;
    const body = (n: number) =>
      Array.from({ length: 50 }, (_, i) => ({ id: `b${n}-${i}`, type: 'bytes', text: 'x'.repeat(40) }));
    try {
      // Under the budget: accepted, and the backlog counts the stored payload's bytes exactly.
      await ingest(body(0), 1000, new IngestQueues([q]), key, budget);
      await settle();
      const [job] = await q.getWaiting();
      expect(await readBacklog(q, 1000)).toEqual({ jobs: 1, bytes: JSON.stringify(job?.data).length });
      for (let n = 1; (await readBacklog(q, 1000)).bytes <= budget; n++)
        await ingest(body(n), 1000, new IngestQueues([q]), key, budget);
      await settle();
      const refused = await ingest(body(99), 1000, new IngestQueues([q]), key, budget).catch(
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(TooManyRequestsError);
      expect((refused as TooManyRequestsError).message).toMatch(
        /byte budget of 20000 bytes \(PULSEBOARD_MAX_BACKLOG_BYTES\)/,
      );
      expect((refused as TooManyRequestsError).retryAfterSeconds).toBeGreaterThan(0);

      // A worker whose every job fails once (a retry through the delayed set) before it completes.
      let failures = 0;
      const worker = new Worker(
        queueNames.ingest,
        (j) => {
          if (j.attemptsMade > 0) return Promise.resolve();
          failures++;
          return Promise.reject(new Error('first attempt fails'));
        },
        { connection: { url: testRedisUrl }, prefix: own, settings: { backoffStrategy: () => 50 } },
      );
      try {
        await waitForBacklog(q, (b) => b.jobs === 0);
        expect(failures).toBeGreaterThan(1);
        expect(await readBacklog(q, 1000)).toEqual({ jobs: 0, bytes: 0 });
        await settle();
        await expect(ingest(body(100), 1000, new IngestQueues([q]), key, budget)).resolves.toMatchObject({
          accepted: 50,
        });
        await waitForBacklog(q, (b) => b.jobs === 0);
        expect(await readBacklog(q, 1000)).toEqual({ jobs: 0, bytes: 0 });
      } finally {
        await worker.close();
      }
    } finally {
      await q.obliterate({ force: true });
      await q.close();
    }
  });

  it('answers 429 naming PULSEBOARD_MAX_BACKLOG past the job count, without summing bytes', async () => {
    const own = testRedisPrefix();
    const q = new Queue(queueNames.ingest, { connection: { url: testRedisUrl }, prefix: own });
    try {
      await q.addBulk(Array.from({ length: 6 }, () => ({ name: 'batch', data: { pad: 'x'.repeat(100) } })));
      expect(await readBacklog(q, 5)).toEqual({ jobs: 6, bytes: -1 });
      const refused = await ingest([{ id: 'c', type: 't' }], 5, new IngestQueues([q])).catch(
        (e: unknown) => e,
      );
      expect((refused as TooManyRequestsError).message).toMatch(/over 5 jobs \(PULSEBOARD_MAX_BACKLOG\)/);
    } finally {
      await q.obliterate({ force: true });
      await q.close();
    }
  });
});

async function waitForBacklog(q: Queue, done: (b: { jobs: number; bytes: number }) => boolean) {
  for (let i = 0; i < 200; i++) {
    if (done(await readBacklog(q, 1000))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the backlog did not drain');
}

describe('PULSEBOARD_MAX_BACKLOG_BYTES', () => {
  const env = { DATABASE_URL: 'postgres://x@y/z', REDIS_URL: 'redis://y', PULSEBOARD_SECRET: 's'.repeat(32) };
  it('defaults to 512 MiB and refuses a malformed value, naming the variable', () => {
    expect(webEnvSchema.parse(env).PULSEBOARD_MAX_BACKLOG_BYTES).toBe(512 * 1024 * 1024);
    expect(
      webEnvSchema.parse({ ...env, PULSEBOARD_MAX_BACKLOG_BYTES: '67108864' }).PULSEBOARD_MAX_BACKLOG_BYTES,
    ).toBe(64 << 20);
    for (const bad of ['lots', '1000', '1.5e9x']) {
      const parsed = webEnvSchema.safeParse({ ...env, PULSEBOARD_MAX_BACKLOG_BYTES: bad });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/PULSEBOARD_MAX_BACKLOG_BYTES/);
    }
  });
});
