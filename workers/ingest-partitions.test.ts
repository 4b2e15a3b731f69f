// Ingest over four partitions on a real Redis and PostgreSQL: two web-side queue sets split requests by
// de-duplication key, two worker instances (each its own KeyMemory, as two processes) compete for every
// partition, and the counts stay exact however the duplicates are grouped into requests.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestKey } from '@/core/auth/ingest-keys';
import { UnavailableError } from '@/core/errors';
import { ingestEvents } from '@/core/services/events/ingest';
import { dedupKeyOf, ingestPartitionOf } from '@/contracts/ingest-partition';
import { IngestQueues, openIngestQueues } from '@/lib/queues';
import { ingestPartitionNames } from '@/lib/redis-names';
import { webEnvSchema } from '@/server/env';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { ingestPartitionsTaken, workerEnvSchema } from './env';
import { startIngestWorker } from './ingest';
import { seedMetrics } from '@/test/helpers/rules';

const partitions = 4;
const prefix = `{${testRedisPrefix()}}`;
let tdb: TestDatabase;
let publisher: Redis;
let redis: Redis;
const webs: IngestQueues[] = [];
const workers: ReturnType<typeof startIngestWorker>[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedMetrics(tdb);
  publisher = new Redis(testRedisUrl);
  redis = new Redis(testRedisUrl);
  for (let i = 0; i < 2; i++) {
    webs.push(openIngestQueues({ redisUrl: testRedisUrl, prefix, partitions, failFast: true }));
  }
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await webs[0]?.obliterate({ force: true });
  await Promise.all(webs.map((w) => w.close()));
  publisher.disconnect();
  redis.disconnect();
  await tdb.drop();
});

const shop: IngestKey = { id: 'k-shop', source: 'shop', canBackfill: false, rateLimit: null };
const pay: IngestKey = { id: 'k-pay', source: 'payments', canBackfill: false, rateLimit: null };

function post(web: IngestQueues, key: IngestKey, events: unknown[], backlogReadMs?: number) {
  return ingestEvents({
    ctx: {
      key,
      queue: web,
      redis,
      prefix,
      defaultRateLimit: 1_000_000,
      maxBacklog: 100_000,
      maxBacklogBytes: 512 << 20,
      backlogReadMs,
      maxSkewMs: 60_000,
      eventsRetentionDays: 30,
    },
    input: { events, receivedAt: Date.now(), bodyChars: JSON.stringify({ events }).length },
  });
}

async function stored(type: string): Promise<{ rows: number; ids: number; metric: number }> {
  const [row] = await tdb.sql<{ rows: number; ids: number }[]>`
    select count(*)::int as rows, count(distinct (source, id))::int as ids from events where type = ${type}`;
  const [sum] = await tdb.sql<{ n: number }[]>`
    select coalesce(sum(count), 0)::int as n from metric_points where metric = 'events' and dims->>'type' = ${type}`;
  return { rows: row?.rows ?? -1, ids: row?.ids ?? -1, metric: sum?.n ?? -1 };
}

function startWorker(partitionSet?: number[]) {
  const worker = startIngestWorker({
    sql: tdb.sql,
    publisher,
    redisUrl: testRedisUrl,
    prefix,
    latenessMs: 300_000,
    partitions,
    partitionSet,
    concurrency: 8,
  });
  workers.push(worker);
  return worker;
}

describe('PULSEBOARD_INGEST_PARTITIONS', () => {
  it('keeps the unpartitioned names at 1 and gives each partition its own hash tag past it', () => {
    expect(ingestPartitionNames('pb', 1)).toEqual([{ index: 0, prefix: 'pb', name: 'ingest' }]);
    expect(ingestPartitionNames('{pb}', 1)).toEqual([{ index: 0, prefix: '{pb}', name: 'ingest' }]);
    expect(ingestPartitionNames('{pb}', 3).map((p) => `${p.prefix}:${p.name}`)).toEqual([
      '{pb-ingest-0}:ingest-0',
      '{pb-ingest-1}:ingest-1',
      '{pb-ingest-2}:ingest-2',
    ]);
    expect(ingestPartitionNames('pb', 2).map((p) => `${p.prefix}:${p.name}`)).toEqual([
      'pb:ingest-0',
      'pb:ingest-1',
    ]);
  });

  it('refuses a partition count or partition set out of range, naming the variable', () => {
    const env = {
      DATABASE_URL: 'postgres://x@h/db',
      REDIS_URL: 'redis://h:6379',
      PULSEBOARD_SECRET: 'x'.repeat(32),
    };
    for (const bad of ['0', '257', '2.5', 'four']) {
      const web = webEnvSchema.safeParse({ ...env, PULSEBOARD_INGEST_PARTITIONS: bad });
      expect(web.error?.issues.map((i) => i.path.join('.'))).toEqual(['PULSEBOARD_INGEST_PARTITIONS']);
      expect(web.error?.issues[0]?.message).toMatch(/PULSEBOARD_INGEST_PARTITIONS/);
    }
    const worker = (set: string) =>
      workerEnvSchema.safeParse({
        ...env,
        PULSEBOARD_INGEST_PARTITIONS: '4',
        PULSEBOARD_INGEST_PARTITION_SET: set,
      });
    for (const bad of ['0,4', '3-1', 'a', '1,,2']) {
      const parsed = worker(bad);
      expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['PULSEBOARD_INGEST_PARTITION_SET']);
    }
    const good = worker(' 0, 2-3 ');
    expect(good.success && ingestPartitionsTaken(good.data)).toEqual([0, 2, 3]);
    const all = workerEnvSchema.safeParse({ ...env, PULSEBOARD_INGEST_PARTITIONS: '3' });
    expect(all.success && ingestPartitionsTaken(all.data)).toEqual([0, 1, 2]);
  });

  it('splits requests over every partition by key and counts each key once across partitions and requests', async () => {
    const [a, b] = webs as [IngestQueues, IngestQueues];
    const type = 'partitioned';
    const ts = Date.now();
    const event = (i: number) => ({ id: `p${i}`, type, ts, value: 1 });
    // 400 distinct events in eight requests over both web sides, before any worker runs.
    for (let r = 0; r < 8; r++) {
      await post(
        r % 2 ? b : a,
        shop,
        Array.from({ length: 50 }, (_, i) => event(r * 50 + i)),
      );
    }
    // Each partition holds jobs, and exactly the events whose key hashes to it.
    for (const [index, queue] of a.partitions.entries()) {
      const jobs = await queue.getWaiting(0, -1);
      expect(jobs.length, `partition ${index}`).toBeGreaterThan(0);
      const ids = jobs.flatMap((j) => (j.data as { id: string[] }).id);
      for (const id of ids) {
        expect(ingestPartitionOf(dedupKeyOf({ id, type, ts }, 'shop'), partitions)).toBe(index);
      }
    }
    expect(await a.getWaitingCount()).toBeGreaterThanOrEqual(partitions);
    // The partitions' keys sit under their own hash tags: each its own slot on a Redis Cluster.
    for (const name of ingestPartitionNames(prefix, partitions)) {
      expect(await redis.exists(`${name.prefix}:${name.name}:meta`), name.prefix).toBe(1);
    }

    // Two worker "processes" on every partition and a third on a subset compete for the jobs, while
    // the same events come again grouped differently (reversed, other requests, the other web side).
    startWorker();
    startWorker();
    startWorker([1, 3]);
    const again = Array.from({ length: 400 }, (_, i) => event(399 - i));
    await Promise.all(
      [0, 1, 2, 3].map((r) => post(r % 2 ? a : b, shop, again.slice(r * 100, r * 100 + 100))),
    );
    // One business fact reported by two sources (its dedupKey), in separate requests to separate sides.
    const fact = (source: string, i: number) => ({ id: `${source}-${i}`, type, ts, dedupKey: `order-${i}` });
    await Promise.all([
      post(
        a,
        shop,
        Array.from({ length: 30 }, (_, i) => fact('shop', i)),
      ),
      post(
        b,
        pay,
        Array.from({ length: 30 }, (_, i) => fact('pay', i)),
      ),
    ]);

    await expect.poll(() => stored(type), { timeout: 20_000 }).toEqual({ rows: 430, ids: 430, metric: 430 });
    await expect
      .poll(() => a.getJobCounts('waiting', 'active', 'delayed', 'failed'), { timeout: 10_000 })
      .toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(await stored(type)).toEqual({ rows: 430, ids: 430, metric: 430 });
  });

  it('answers 503 when one partition cannot take its events; the retry stores every event once', async () => {
    const [a] = webs as [IngestQueues];
    const type = 'partial';
    // Partition 2's own connection, which goes away between the backlog check and the add: its master
    // lost, as the cluster test does for real. No offline queue: a write on it fails at once.
    const dead = new Queue(a.partition(2).name, {
      connection: {
        url: testRedisUrl,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        retryStrategy: () => null,
      },
      prefix: a.partition(2).opts.prefix,
    });
    dead.on('error', () => {});
    const broken = new IngestQueues(a.partitions.map((q, i) => (i === 2 ? dead : q)));
    const ts = Date.now();
    const events = Array.from({ length: 200 }, (_, i) => ({ id: `q${i}`, type, ts }));
    const onDead = events.filter((e) => ingestPartitionOf(dedupKeyOf(e, 'shop'), partitions) === 2).length;
    expect(onDead).toBeGreaterThan(0);
    // A backlog reading kept for a minute, taken while the connection was up, lets the request reach the
    // adds; then the connection goes.
    const warm = Array.from({ length: 20 }, (_, i) => ({ id: `warm${i}`, type: 'warm', ts })).filter(
      (e) => ingestPartitionOf(dedupKeyOf(e, 'shop'), partitions) !== 2,
    );
    await post(broken, shop, warm, 60_000);
    (await dead.client).disconnect();
    const error = await post(broken, shop, events, 60_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    await dead.close().catch(() => {});
    // The other partitions' events were queued before the 503, and are stored.
    await expect.poll(() => stored(type), { timeout: 15_000 }).toMatchObject({ rows: 200 - onDead });
    // The client resends the whole request: the partition that failed gets its events, the rest count once.
    await post(a, shop, events);
    await expect.poll(() => stored(type), { timeout: 15_000 }).toEqual({ rows: 200, ids: 200, metric: 200 });
  });
});
