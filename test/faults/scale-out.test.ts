// Scale-out on the engines we already use: two web and two worker processes against one Redis and one
// PostgreSQL. A socket on web A gets the frames of events posted to web B; a worker SIGKILLed while a
// stream runs leaves the other to finish its jobs (once their locks expire), and the counts stay exact.
import fs from 'node:fs';
import { Queue, QueueEvents } from 'bullmq';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueNames } from '@/lib/redis-names';
import { PrivatePostgres, PrivateRedis, keepTempDirs, makeTempDir } from './services';
import {
  EventStream,
  Stack,
  contractViolations,
  ingestKey,
  logIn,
  settledRecount,
  sleep,
  waitUntil,
} from './stack';

const prefix = 'pbs';
let dir: string;
let redis: PrivateRedis;
let pg: PrivatePostgres;
let stack: Stack;

beforeAll(async () => {
  dir = makeTempDir();
  [redis, pg] = await Promise.all([PrivateRedis.create(dir), PrivatePostgres.create(dir)]);
  stack = new Stack({ databaseUrl: pg.url, redisUrl: redis.url, logDir: dir, prefix });
  // Sequentially: two Next.js processes preparing at once on two shared cores double the start time.
  await stack.addWeb();
  await stack.addWeb();
  await Promise.all([stack.addWorker(), stack.addWorker()]);
});

afterAll(async () => {
  await stack?.stop();
  await redis?.stop();
  pg?.stop();
  if (dir && !keepTempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('two web and two worker processes, one Redis, one PostgreSQL', () => {
  it('a socket on web A receives the live frames of events posted to web B', async () => {
    const [a, b] = stack.web;
    const cookie = await logIn(a!.url);
    const type = `scale_frames_${Date.now().toString(36)}`;
    const frames: { value: number; ts: string }[] = [];
    const socket: Socket = io(a!.url, { transports: ['websocket'], extraHeaders: { cookie } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack: unknown = await socket.emitWithAck('subscribe', {
        metrics: [{ name: 'events', groupBy: ['type'] }],
      });
      expect(ack).toMatchObject({ ok: true });
      socket.on('metric', (f: { name?: string; group?: { type?: string }; ts: string; value: number }) => {
        if (f.name === 'events' && f.group?.type === type) frames.push(f);
      });
      const ts = Date.now();
      const events = Array.from({ length: 40 }, (_, i) => ({ id: `${type}-${i}`, type, ts }));
      const r = await fetch(`${b!.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      expect(r.status).toBe(202);
      // The frame carries the bucket's value so far: it reaches 40 once both workers' flushes are in.
      await waitUntil(
        'a frame with all 40 events on web A',
        () => frames.some((f) => f.value === 40),
        15_000,
      );
      expect(Date.parse(frames.at(-1)!.ts)).toBe(Math.floor(ts / 1000) * 1000);
    } finally {
      socket.close();
    }
  });

  it('a worker SIGKILLed during a stream: the other finishes its jobs, counts stay exact', async () => {
    const queue = new Queue(queueNames.ingest, { connection: { url: redis.url }, prefix });
    // 'stalled': a job whose worker died was taken back after its lock expired, to be redone.
    const events = new QueueEvents(queueNames.ingest, { connection: { url: redis.url }, prefix });
    await events.waitUntilReady();
    const stalled = new Set<string>();
    events.on('stalled', ({ jobId }) => stalled.add(jobId));
    const stream = new EventStream(
      () => stack.web.map((w) => w.url),
      `scale_kill_${Date.now().toString(36)}`,
    );
    stream.start();
    let killedAt = 0;
    let orphaned: string[] = [];
    try {
      await sleep(2_000);
      // Kill the first worker while it holds an active job (workers name themselves ingest-<pid>). A job
      // seen active may still finish in the moment before the SIGKILL lands; the jobs that matter are the
      // ones left active under the dead worker's name, so the kill is repeated (after a restart) until
      // it orphans at least one.
      for (let attempt = 1; orphaned.length === 0; attempt += 1) {
        const holder = `ingest-${stack.workers[0]!.pid}`;
        await waitUntil(
          'the first worker holds an active job',
          async () => (await queue.getActive()).some((job) => job.processedBy === holder),
          20_000,
        );
        killedAt = Date.now();
        await stack.workers[0]!.kill();
        orphaned = (await queue.getActive()).filter((j) => j.processedBy === holder).map((j) => j.id!);
        if (orphaned.length === 0) {
          if (attempt === 5) throw new Error('five kills in a row found the worker between jobs');
          await stack.workers[0]!.start();
        }
      }
      // Not restarted: the second worker alone must take over the first one's jobs after their lock.
      await sleep(5_000);
    } finally {
      await stream.stop();
    }
    const r = await settledRecount(pg.url, stream.type, stream.acknowledged(), 60_000);
    const tookOver = Date.now() - killedAt;
    // The killed worker may have stored a job's events before it died: the counts then settle before the
    // job's lock (2 s) runs out and the survivor takes it back, which is what this waits for.
    await waitUntil(
      'the survivor takes back the killed worker’s jobs',
      () => orphaned.every((id) => stalled.has(id)),
      15_000,
    );
    console.log(
      `scale-out: answers ${JSON.stringify(stream.statusCounts())}, stored ${r.stored}, ` +
        `metric ${r.metricTotal}, ${orphaned.length} jobs orphaned, ${stalled.size} taken over, settled ${tookOver} ms after the kill`,
    );
    await events.close();
    expect(orphaned.filter((id) => !stalled.has(id))).toEqual([]);
    expect(contractViolations(stream.answers)).toEqual([]);
    expect(r.missing.slice(0, 5)).toEqual([]);
    expect(r.duplicated.slice(0, 5)).toEqual([]);
    expect(r.mismatches.slice(0, 5)).toEqual([]);
    expect(r.metricTotal).toBe(r.stored);
    expect(r.stored).toBeGreaterThanOrEqual(stream.acknowledged().size);
    await waitUntil(
      'the queue drains',
      async () => {
        const c = await queue.getJobCounts('waiting', 'active', 'delayed');
        return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0;
      },
      30_000,
    );
    await queue.close();
  });
});
