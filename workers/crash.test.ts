import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueNames } from '@/lib/redis-names';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { ingestJobOptions, type IngestBatchJob } from '@/contracts/jobs';
import { packIngestJobs } from '@/contracts/packed-job';

const root = path.resolve(import.meta.dirname, '..');
let tdb: TestDatabase;
const prefix = testRedisPrefix();
let queue: Queue;
const children: ChildProcess[] = [];

function startWorker(): ChildProcess {
  // node --import tsx, not the tsx CLI: the CLI is a relay, and SIGKILL must reach the worker itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: tdb.url,
      REDIS_URL: testRedisUrl,
      PULSEBOARD_REDIS_PREFIX: prefix,
      PULSEBOARD_SECRET: 'x'.repeat(40),
      PULSEBOARD_JOB_LOCK_MS: '2000',
      PULSEBOARD_FLUSH_MS: '50',
      // Many flushes, a few at a time: all 40,000 events in one round of flushes could commit before the kill.
      PULSEBOARD_FLUSH_MAX_EVENTS: '2000',
    },
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  queue = new Queue(queueNames.ingest, { connection: { url: testRedisUrl }, prefix });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await queue.obliterate({ force: true });
  await queue.close();
  await tdb.drop();
});

const count = async (sql: string) => Number((await tdb.sql.unsafe<{ n: string }[]>(sql))[0]?.n ?? 0);

describe('a worker killed with SIGKILL mid-batch', () => {
  it('loses nothing and double-counts nothing once a worker runs again', { timeout: 120_000 }, async () => {
    const now = Date.now();
    const unique = 30_000;
    const jobs: IngestBatchJob[] = [];
    for (let j = 0; j < 400; j++) {
      // 100 events per job; every fifth job repeats part of the previous one, as client retries would.
      const start = j * 75;
      const events = Array.from({ length: 100 }, (_, i) => {
        const n = (start + i) % unique;
        return { id: `k${n}`, type: 'crash', ts: now - (n % 60) * 1000, value: 1 };
      });
      jobs.push({ source: 'default', keyId: 'k', backfill: false, receivedAt: now, events });
    }
    const sent = new Set(jobs.flatMap((j) => j.events.map((e) => e.id))).size;
    // Four requests per job, as the web process queues the requests it answers in one event-loop turn.
    const turns = Array.from({ length: jobs.length / 4 }, (_, t) =>
      packIngestJobs(jobs.slice(t * 4, t * 4 + 4)),
    );
    await queue.addBulk(turns.map((data) => ({ name: 'requests', data, opts: ingestJobOptions })));

    const first = startWorker();
    const stored = () => count(`select count(*)::text as n from events where type = 'crash'`);
    await expect.poll(stored, { timeout: 60_000, interval: 50 }).toBeGreaterThan(2_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(() => process.kill(first.pid ?? -1, 0)).toThrow(); // the worker process itself is gone
    const atKill = await stored();
    expect(atKill).toBeLessThan(sent);

    startWorker();
    await expect.poll(stored, { timeout: 90_000, interval: 500 }).toBe(sent);
    await expect
      .poll(() => queue.getJobCounts('waiting', 'active', 'delayed'), { timeout: 30_000 })
      .toMatchObject({ waiting: 0, active: 0, delayed: 0 });
    expect(await stored()).toBe(sent);
    expect(
      await count(
        `select sum(count)::text as n from metric_points where metric = 'events' and dims->>'type' = 'crash'`,
      ),
    ).toBe(sent);
    expect(await count(`select count(distinct id)::text as n from events where type = 'crash'`)).toBe(sent);
  });
});
