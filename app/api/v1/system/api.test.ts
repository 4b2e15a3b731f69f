import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueNames, workerHeartbeatKey } from '@/lib/redis-names';
import type { Role } from '@/contracts/roles';
import { sha256 } from '@/core/auth/hashing';
import { recordFlush } from '@/lib/pipeline-stats';
import { recordIngest } from '@/server/observability/metrics';
import { closeRuntime } from '@/server/runtime';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { callRoute, type RouteCallOptions, type RouteHandler } from '@/test/route-call';
import { ingestJobOptions, type IngestBatchJob } from '@/contracts/jobs';
import { startIngestWorker } from '@/workers/ingest';
import { seedMetrics, seedUsers } from '@/test/helpers/rules';
import * as pipelineRoute from './pipeline/route';
import type { PipelineHealth } from '@/contracts/responses/system';

// The endpoint reads the real things: web counters, BullMQ on Redis, heartbeat keys, PostgreSQL tables.
let tdb: TestDatabase;
let redis: Redis;
let queue: Queue;
let worker: ReturnType<typeof startIngestWorker> | null = null;
const tokens = {} as Record<Role, string>;
const prefix = testRedisPrefix();

beforeAll(async () => {
  tdb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: tdb.url,
    REDIS_URL: testRedisUrl,
    PULSEBOARD_SECRET: 'a-test-secret-of-at-least-32-characters',
    PULSEBOARD_REDIS_PREFIX: prefix,
    PULSEBOARD_DEMO: 'off',
  });
  const actors = await seedUsers(tdb);
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    tokens[role] = `pbt_${role}_pipeline_token`;
    await tdb.sql`insert into api_tokens (user_id, name, token_hash, prefix)
      values (${actors[role].userId}, 'test', ${sha256(tokens[role])}, 'pbt_')`;
  }
  await seedMetrics(tdb);
  redis = new Redis(testRedisUrl);
  queue = new Queue(queueNames.ingest, { connection: { url: testRedisUrl }, prefix });
});
afterAll(async () => {
  await worker?.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await redis.del(workerHeartbeatKey(prefix, 'w-test'));
  redis.disconnect();
  await closeRuntime();
  await tdb.drop();
});

const call = (options: RouteCallOptions<Record<string, string>>) =>
  callRoute(pipelineRoute.GET as RouteHandler<Record<string, string>>, tokens, options);
const read = async (): Promise<PipelineHealth> => {
  const { status, body } = await call({ role: 'operator', path: 'system/pipeline' });
  expect(status).toBe(200);
  return body as unknown as PipelineHealth;
};
const ingestQueue = (p: PipelineHealth) => p.queues.find((q) => q.name === 'ingest');

describe('GET /api/v1/system/pipeline', () => {
  it('is for operators and admins', async () => {
    expect((await call({ path: 'system/pipeline' })).status).toBe(401);
    expect((await call({ role: 'viewer', path: 'system/pipeline' })).status).toBe(403);
    expect((await call({ role: 'admin', path: 'system/pipeline' })).status).toBe(200);
  });

  it('shows backlog, worker heartbeats, ingest counts with duplicates, and failed deliveries', async () => {
    const before = await read();
    expect(before.queues.map((q) => q.name).sort()).toEqual(['ingest', 'maintenance', 'notify', 'rules']);
    expect(before.workers).toEqual([]);
    expect(before.redis.ok).toBe(true);
    expect(before.database.commitMs).toBeGreaterThan(0);

    // A worker that beat 2 s ago, and three batches waiting with nobody to take them.
    await redis.set(workerHeartbeatKey(prefix, 'w-test'), String(Date.now() - 2000), 'PX', 10_000);
    const now = Date.now();
    const events = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `e${from + i}`, type: 'page_view', ts: now }));
    // 12 events accepted, of which 2 repeat an id already sent (a client retry); 1 refused by validation.
    const jobs: IngestBatchJob['events'][] = [events(0, 5), events(5, 5), events(3, 2)];
    for (const batch of jobs) {
      await queue.add(
        'batch',
        { source: 'web', keyId: 'k', backfill: false, receivedAt: now, events: batch },
        ingestJobOptions,
      );
    }
    recordIngest(202, 12, 1, 0.002);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const waiting = await read();
    expect(ingestQueue(waiting)).toMatchObject({ waiting: 3, active: 0 });
    expect(ingestQueue(waiting)?.oldestWaitingMs).toBeGreaterThanOrEqual(50);
    expect(waiting.workers).toHaveLength(1);
    expect(waiting.workers[0]?.id).toBe('w-test');
    expect(waiting.workers[0]?.lastBeatMs).toBeGreaterThanOrEqual(2000);
    expect(waiting.web.accepted - before.web.accepted).toBe(12);
    expect(waiting.web.rejected - before.web.rejected).toBe(1);
    expect(waiting.recent.accepted).toBe(12);
    // Queued is not duplicate: nothing is counted until a worker has processed it.
    expect(waiting.recent).toMatchObject({ processed: 0, stored: 0, duplicates: 0 });

    worker = startIngestWorker({
      sql: tdb.sql,
      publisher: redis,
      redisUrl: testRedisUrl,
      prefix,
      latenessMs: 300_000,
      onFlush: (outcome) => void recordFlush(redis, prefix, outcome),
    });
    let after = await read();
    for (let i = 0; i < 100 && after.recent.processed < 12; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await read();
    }
    // Exact, from the workers' own counts: 12 taken off the queue, 10 stored once, 2 dropped as repeats.
    expect(after.recent).toMatchObject({ accepted: 12, processed: 12, stored: 10, duplicates: 2, late: 0 });
    expect(ingestQueue(after)).toMatchObject({ waiting: 0, oldestWaitingMs: null });

    // One event past the allowed lateness and one more repeat of e0, sent a while after: still exact.
    await queue.add(
      'batch',
      {
        source: 'web',
        keyId: 'k',
        backfill: false,
        receivedAt: Date.now(),
        events: [
          { id: 'late-1', type: 'page_view', ts: Date.now() - 600_000 },
          { id: 'e0', type: 'page_view', ts: now },
        ],
      },
      ingestJobOptions,
    );
    let later = await read();
    for (let i = 0; i < 100 && later.recent.processed < 14; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      later = await read();
    }
    expect(later.recent).toMatchObject({ processed: 14, stored: 11, duplicates: 3, late: 1 });
    expect(after.database.newestPointMs).not.toBeNull();

    // One delivery failed and one dead-lettered within the hour; an old failure does not count.
    const [incident] = await tdb.sql<{ id: string }[]>`insert into incidents (rule_name, series_key, series,
        severity, title, opened_at, dedup_key)
      values ('r', '{}', '{}', 'error', 't', now(), 'pipeline-test') returning id`;
    const [channel] = await tdb.sql<{ id: string }[]>`insert into channels (name, type, secrets)
      values ('c', 'webhook', 'x') returning id`;
    for (const [key, status, age] of [
      ['a', 'failed', '1 minute'],
      ['b', 'dead', '2 minutes'],
      ['c', 'failed', '3 hours'],
      ['d', 'retrying', '1 minute'],
    ] as const) {
      await tdb.sql`insert into deliveries (idempotency_key, incident_id, channel_id, action, status, updated_at)
        values (${key}, ${incident!.id}, ${channel!.id}, 'trigger', ${status}, now() - ${age}::interval)`;
    }
    expect((await read()).notifications).toEqual({ failedLastHour: 1, deadLastHour: 1, pending: 1 });
  });

  it('lists the enabled rules and surge rules the workers cannot evaluate, longest failing first', async () => {
    expect((await read()).failingRules).toEqual([]);
    const [failing] = await tdb.sql<{ id: string }[]>`
      insert into rules (name, kind, metric, enabled, eval_error, eval_failing_since, eval_failed_at) values
        ('Orders gone', 'threshold', 'orders', true, 'no metric named orders', now() - interval '5 minutes', now()),
        ('Switched off', 'threshold', 'orders', false, 'no metric named orders', now() - interval '9 minutes', now()),
        ('Fine', 'threshold', 'events', true, null, null, null)
      returning id`;
    const [surge] = await tdb.sql<{ id: string }[]>`
      insert into surge_rules (name, demand_metric, supply_metric, tiers, eval_error, eval_failing_since, eval_failed_at)
      values ('Rides', 'rides', 'drivers', '[]', 'no metric named drivers', now() - interval '1 minute', now())
      returning id`;
    const listed = (await read()).failingRules;
    expect(listed.map((r) => [r.kind, r.id, r.name, r.error])).toEqual([
      ['rule', failing!.id, 'Orders gone', 'no metric named orders'],
      ['surge', surge!.id, 'Rides', 'no metric named drivers'],
    ]);
    expect(Date.now() - Date.parse(listed[0]!.since)).toBeGreaterThanOrEqual(5 * 60_000 - 1000);
  });

  it('lists the enabled channels whose newest delivery failed for good, however long ago', async () => {
    const [broken, fixed, off] = await tdb.sql<{ id: string }[]>`
      insert into channels (name, type, secrets, enabled) values
        ('Broken hook', 'webhook', 'x', true), ('Fixed hook', 'webhook', 'x', true), ('Off hook', 'webhook', 'x', false)
      returning id`;
    const deliver = async (channel: string, key: string, status: string, age: string, code: number) => {
      const [d] = await tdb.sql<{ id: string }[]>`
        insert into deliveries (idempotency_key, channel_id, action, status, created_at, updated_at)
        values (${key}, ${channel}, 'test', ${status}, now() - ${age}::interval, now() - ${age}::interval)
        returning id`;
      await tdb.sql`insert into delivery_attempts (delivery_id, status_code, error, duration_ms)
        values (${d!.id}, ${code}, ${`HTTP ${code}`}, 3)`;
    };
    await deliver(broken!.id, 'ch-1', 'dead', '3 hours', 500);
    await deliver(fixed!.id, 'ch-2', 'failed', '2 hours', 404);
    await deliver(fixed!.id, 'ch-3', 'sent', '1 hour', 200);
    await deliver(off!.id, 'ch-4', 'failed', '1 hour', 404);
    const listed = (await read()).failingChannels;
    expect(listed).toMatchObject([{ id: broken!.id, name: 'Broken hook', status: 'dead', statusCode: 500 }]);
    expect(Date.now() - Date.parse(listed[0]!.at)).toBeGreaterThan(2 * 3_600_000);
  });
});
