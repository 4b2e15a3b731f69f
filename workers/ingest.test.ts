import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePoints, type PublishedPoint } from '@/lib/metrics/frames';
import { pointsChannel, queueNames } from '@/lib/redis-names';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { ingestJobOptions, type IngestBatchJob } from '@/contracts/jobs';
import { packIngestJobs } from '@/contracts/packed-job';
import { startIngestWorker } from './ingest';
import { seedMetrics } from '@/test/helpers/rules';

let tdb: TestDatabase;
const prefix = testRedisPrefix();
let publisher: Redis;
let subscriber: Redis;
let queue: Queue;
let worker: ReturnType<typeof startIngestWorker>;
const published: PublishedPoint[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedMetrics(tdb);
  publisher = new Redis(testRedisUrl);
  subscriber = new Redis(testRedisUrl);
  await subscriber.subscribe(pointsChannel(prefix));
  subscriber.on('message', (_c: string, m: string) => published.push(...decodePoints(m)));
  queue = new Queue(queueNames.ingest, { connection: { url: testRedisUrl }, prefix });
  worker = startIngestWorker({
    sql: tdb.sql,
    publisher,
    redisUrl: testRedisUrl,
    prefix,
    latenessMs: 300_000,
  });
});

afterAll(async () => {
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  publisher.disconnect();
  subscriber.disconnect();
  await tdb.drop();
});

const batch = (events: IngestBatchJob['events']): IngestBatchJob => ({
  source: 'default',
  keyId: 'k',
  backfill: false,
  receivedAt: Date.now(),
  events,
});

async function count(type: string): Promise<number> {
  const [row] = await tdb.sql<{ n: string }[]>`select count(*)::text as n from events where type = ${type}`;
  return Number(row?.n);
}

describe('ingest worker (BullMQ on Redis, PostgreSQL)', () => {
  it('stores queued batches, publishes the bucket states and ignores a redelivered job', async () => {
    const ts = Date.now();
    const events = Array.from({ length: 300 }, (_, i) => ({ id: `w${i}`, type: 'worker_e2e', ts, value: 1 }));
    await queue.addBulk([
      { name: 'batch', data: batch(events.slice(0, 150)), opts: ingestJobOptions },
      { name: 'batch', data: batch(events.slice(150)), opts: ingestJobOptions },
    ]);
    await expect.poll(() => count('worker_e2e'), { timeout: 10_000 }).toBe(300);
    // The same payload again, as a retry after a crash between commit and acknowledgement would deliver it.
    await queue.add('batch', batch(events.slice(100, 200)), ingestJobOptions);
    await expect
      .poll(() => queue.getJobCounts('completed', 'waiting', 'active'))
      .toMatchObject({ waiting: 0, active: 0 });
    expect(await count('worker_e2e')).toBe(300);
    const [sum] = await tdb.sql<{ n: string }[]>`
      select sum(count)::text as n from metric_points where metric = 'events' and dims->>'type' = 'worker_e2e'`;
    expect(Number(sum?.n)).toBe(300);
    await expect
      .poll(() =>
        Math.max(0, ...published.filter((p) => p.groupKey.includes('worker_e2e')).map((p) => p.state.count)),
      )
      .toBe(300);
  });

  it('stores a job of several requests (one per web turn) and ignores it redelivered', async () => {
    const ts = Date.now();
    const first = Array.from({ length: 120 }, (_, i) => ({
      id: `p${i}`,
      type: 'worker_packed',
      ts,
      value: 2,
    }));
    const second = [
      { id: 'p0', type: 'worker_packed', ts }, // a client retry inside the same turn
      { id: 'q1', type: 'worker_packed', ts, dedupKey: 'order-1', user: 'u', text: 'great', props: { a: 1 } },
    ];
    const data = packIngestJobs([batch(first), batch(second)]);
    await queue.add('requests', data, ingestJobOptions);
    await expect.poll(() => count('worker_packed'), { timeout: 10_000 }).toBe(121);
    await queue.add('requests', data, ingestJobOptions);
    await expect.poll(() => queue.getJobCounts('waiting', 'active')).toMatchObject({ waiting: 0, active: 0 });
    expect(await count('worker_packed')).toBe(121);
    const [row] = await tdb.sql<
      { dedup_key: string; user_id: string; props: unknown; value: number | null }[]
    >`
      select dedup_key, user_id, props, value from events where id = 'q1'`;
    expect(row).toEqual({ dedup_key: 'order-1', user_id: 'u', props: { a: 1 }, value: null });
    const [sum] = await tdb.sql<{ n: string }[]>`
      select sum(count)::text as n from metric_points where metric = 'events' and dims->>'type' = 'worker_packed'`;
    expect(Number(sum?.n)).toBe(121);
  });

  it('fails a malformed job of requests at once', async () => {
    const data = { ...packIngestJobs([batch([{ id: 'm', type: 't', ts: 1 }])]), ts: [] };
    const job = await queue.add('requests', data, ingestJobOptions);
    await expect
      .poll(async () => (await queue.getJob(job.id!))?.failedReason ?? '', { timeout: 10_000 })
      .toMatch(/malformed ingest job/);
    expect((await queue.getJob(job.id!))?.attemptsMade).toBe(1);
  });

  it('moves a malformed job to failed at once instead of retrying it', async () => {
    const job = await queue.add('batch', { source: 'default', events: 'nope' }, ingestJobOptions);
    await expect
      .poll(async () => (await queue.getJob(job.id!))?.failedReason ?? '', { timeout: 10_000 })
      .toMatch(/malformed ingest job/);
    expect((await queue.getJob(job.id!))?.attemptsMade).toBe(1);
  });

  it('holds no more payload bytes than its budget, however many jobs wait, and still stores them all', async () => {
    // A worker of its own on a queue of its own, with a budget of three and a half jobs.
    const own = testRedisPrefix();
    const q = new Queue(queueNames.ingest, { connection: { url: testRedisUrl }, prefix: own });
    const ts = Date.now();
    const jobData = (j: number) =>
      packIngestJobs([
        batch(
          Array.from({ length: 200 }, (_, i) => ({ id: `jb${j}-${i}`, type: 'worker_budget', ts, value: i })),
        ),
      ]);
    const jobBytes = JSON.stringify(jobData(10)).length; // every job's ids have the same length
    const maxJobBytes = Math.floor(jobBytes * 3.5);
    await q.addBulk(
      Array.from({ length: 40 }, (_, j) => ({
        name: 'requests',
        data: jobData(10 + j),
        opts: ingestJobOptions,
      })),
    );
    const small = startIngestWorker({
      sql: tdb.sql,
      publisher,
      redisUrl: testRedisUrl,
      prefix: own,
      latenessMs: 300_000,
      maxJobBytes,
    });
    let maxActive = 0;
    let maxActiveBytes = 0;
    try {
      const deadline = Date.now() + 30_000;
      while ((await count('worker_budget')) < 8000 && Date.now() < deadline) {
        // What the worker holds, read from Redis: the jobs it has taken and not finished.
        const active = await q.getActive();
        maxActive = Math.max(maxActive, active.length);
        maxActiveBytes = Math.max(
          maxActiveBytes,
          active.reduce((n, j) => n + JSON.stringify(j.data).length, 0),
        );
      }
    } finally {
      await small.close();
      await q.obliterate({ force: true });
      await q.close();
    }
    expect(await count('worker_budget')).toBe(8000);
    // Unpacked at once: within the budget; taken from Redis: at most one job fetched ahead of it.
    expect(small.budget.peak).toBeLessThanOrEqual(maxJobBytes);
    expect(small.budget.peak).toBeGreaterThanOrEqual(3 * jobBytes);
    expect(maxActive).toBeLessThanOrEqual(4);
    expect(maxActiveBytes).toBeLessThanOrEqual(maxJobBytes + jobBytes);
  });
});
