// Pulseboard on a real Redis Cluster: three private redis-server masters, the ingest service and the ingest
// worker (BullMQ with a hash-tagged prefix), two Socket.IO servers sharing the cluster through the Redis
// adapter, and the per-master checks (durability, worker heartbeats). Everything is torn down afterwards.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisDurability } from '@/lib/durability';
import { countLiveWorkers } from '@/lib/live-workers';
import { builtInMetrics } from '@/lib/metrics/definitions';
import { createRedis, disconnectClusters, type RedisClient } from '@/lib/redis';
import { workerHeartbeatKey } from '@/lib/redis-names';
import { hashPassword } from '@/core/auth/hashing';
import { webEnvSchema } from '@/server/env';
import { attachRealtime } from '@/server/realtime/socket-server';
import type { MetricFrame } from '@/contracts/socket';
import { closeRuntime, runtime } from '@/server/runtime';
import { ingestEvents } from '@/core/services/events/ingest';
import { logInCookie } from '@/test/helpers/api-calls';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { startIngestWorker } from '@/workers/ingest';

// Ports of their own per run (bus ports are +10000), so parallel runs do not meet.
const base = 7101 + (process.pid % 60) * 3;
const ports = [base, base + 1, base + 2];
const clusterUrl = `redis+cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`;
const prefix = `{pbc-${process.pid}}`;
const dir = mkdtempSync(path.join(tmpdir(), 'pb-cluster-'));
const servers: ChildProcess[] = [];
const direct: Redis[] = [];
let tdb: TestDatabase;
let publisher: RedisClient;
let worker: ReturnType<typeof startIngestWorker> | undefined;
type Web = { server: Server; realtime: Awaited<ReturnType<typeof attachRealtime>>; url: string };
const webs: Web[] = [];
const sockets: Socket[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startRedis(port: number): Promise<void> {
  const child = spawn(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes'],
      ...['--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, `nodes-${port}.conf`)],
      ...['--dir', dir, '--appendfilename', `aof-${port}.aof`, '--appenddirname', `aof-${port}`],
    ],
    { stdio: 'ignore' },
  );
  servers.push(child);
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50 });
  client.on('error', () => {}); // refused until the server listens
  direct.push(client);
  for (let i = 0; ; i++) {
    if (
      await client.ping().then(
        () => true,
        () => false,
      )
    )
      return;
    if (i > 100) throw new Error(`redis-server on ${port} did not start`);
    await sleep(50);
  }
}

async function startWeb(): Promise<Web> {
  const server = createServer();
  const realtime = await attachRealtime(server, runtime());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, realtime, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function openSocket(web: Web, cookie: string): Promise<Socket> {
  const socket = connect(web.url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie: `pb_session=${cookie}` },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.on('connect', resolve);
    socket.on('connect_error', reject);
  });
  return socket;
}

beforeAll(async () => {
  await Promise.all(ports.map(startRedis));
  const created = spawnSync(
    'redis-cli',
    [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ],
    { encoding: 'utf8' },
  );
  expect(created.status, created.stdout + created.stderr).toBe(0);
  for (const client of direct) {
    while (!/cluster_state:ok/.test(await client.cluster('INFO'))) await sleep(50);
  }

  tdb = await createTestDatabase();
  for (const m of builtInMetrics) {
    await tdb.sql`insert into metrics (name, event_types, aggregation, value_field, dimensions, default_group_by)
      values (${m.name}, ${JSON.stringify(m.eventTypes)}::text::jsonb, ${m.aggregation}, ${m.valueField},
              ${JSON.stringify(m.dimensions)}::text::jsonb, ${JSON.stringify(m.defaultGroupBy)}::text::jsonb)`;
  }
  Object.assign(process.env, {
    DATABASE_URL: tdb.url,
    REDIS_URL: clusterUrl,
    PULSEBOARD_SECRET: 'a-test-secret-of-at-least-32-characters',
    PULSEBOARD_REDIS_PREFIX: prefix,
    PULSEBOARD_DEMO: 'off',
  });
  const rt = runtime();
  if (rt.redis.status !== 'ready') await once(rt.redis, 'ready');
  publisher = createRedis(clusterUrl, { maxRetriesPerRequest: null });
  worker = startIngestWorker({ sql: tdb.sql, publisher, redisUrl: clusterUrl, prefix, latenessMs: 300_000 });
  webs.push(await startWeb(), await startWeb());
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const web of webs) {
    await web.realtime.close();
    web.server.close();
  }
  await worker?.close();
  await closeRuntime();
  publisher?.disconnect();
  disconnectClusters();
  await tdb?.drop();
  for (const client of direct) client.disconnect();
  await Promise.all(servers.map(async (child) => (child.kill('SIGKILL') ? once(child, 'exit') : null)));
  rmSync(dir, { recursive: true, force: true });
});

describe('REDIS_URL=redis+cluster:// (three masters)', () => {
  it('refuses a cluster URL without a hash-tagged prefix, and a malformed cluster URL, naming the variable', () => {
    const env = { DATABASE_URL: 'postgres://x@h/db', PULSEBOARD_SECRET: 'x'.repeat(32) };
    const untagged = webEnvSchema.safeParse({ ...env, REDIS_URL: clusterUrl, PULSEBOARD_REDIS_PREFIX: 'pb' });
    expect(untagged.error?.issues.map((i) => i.path.join('.'))).toEqual(['PULSEBOARD_REDIS_PREFIX']);
    const malformed = webEnvSchema.safeParse({
      ...env,
      REDIS_URL: 'redis+cluster://h1',
      PULSEBOARD_REDIS_PREFIX: '{pb}',
    });
    expect(malformed.error?.issues.map((i) => i.path.join('.'))).toEqual(['REDIS_URL']);
    expect(
      webEnvSchema.safeParse({ ...env, REDIS_URL: clusterUrl, PULSEBOARD_REDIS_PREFIX: '{pb}' }).success,
    ).toBe(true);
  });

  it('stores posted events exactly once through the service, the queue and the worker, and streams them live', async () => {
    const rt = runtime();
    const [cookie] = await Promise.all([
      (async () => {
        await tdb.sql`insert into users (email, name, password_hash, role)
          values ('root@test', 'Root', ${await hashPassword('root-password-123')}, 'viewer')`;
        return logInCookie('root@test', 'root-password-123');
      })(),
    ]);
    const [a, b] = webs as [Web, Web];
    const onA = await openSocket(a, cookie ?? '');
    const onB = await openSocket(b, cookie ?? '');
    const frames = { a: [] as MetricFrame[], b: [] as MetricFrame[] };
    onA.on('metric', (f: MetricFrame) => frames.a.push(f));
    onB.on('metric', (f: MetricFrame) => frames.b.push(f));
    for (const s of [onA, onB]) {
      expect(await s.timeout(5000).emitWithAck('subscribe', { metrics: ['events'] })).toMatchObject({
        ok: true,
      });
    }

    const ts = Date.now();
    const event = (i: number) => ({ id: `c${i}`, type: 'cluster_e2e', ts, value: 1 });
    const ctx = {
      key: { id: 'k-cluster', source: 'default', canBackfill: false, rateLimit: null },
      queue: rt.queues.ingest,
      redis: rt.redis,
      prefix,
      defaultRateLimit: 100_000,
      maxBacklog: 1000,
      maxBacklogBytes: 64 << 20,
      maxSkewMs: 60_000,
      eventsRetentionDays: 30,
    };
    const post = (events: unknown[]) => ingestEvents({ ctx, input: { events, receivedAt: Date.now() } });
    // 300 distinct events in three requests, then 100 of them again (a client's retry) and a duplicate
    // inside one request.
    for (let r = 0; r < 3; r++) await post(Array.from({ length: 100 }, (_, i) => event(r * 100 + i)));
    await post(Array.from({ length: 100 }, (_, i) => event(50 + i)));
    await post([event(7), event(7), event(299)]);

    const count = async () =>
      Number(
        (await tdb.sql<{ n: string }[]>`select count(*)::text as n from events where type = 'cluster_e2e'`)[0]
          ?.n,
      );
    await expect.poll(count, { timeout: 15_000 }).toBe(300);
    await expect
      .poll(() => rt.queues.ingest.getJobCounts('waiting', 'active', 'delayed', 'failed'), {
        timeout: 10_000,
      })
      .toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(await count()).toBe(300);
    const [sum] = await tdb.sql<{ n: string }[]>`
      select sum(count)::text as n from metric_points where metric = 'events' and dims->>'type' = 'cluster_e2e'`;
    expect(Number(sum?.n)).toBe(300);

    // The worker's points reach both web processes over cluster pub/sub.
    const last = (fs: MetricFrame[]) => fs.filter((f) => f.group.type === 'cluster_e2e').at(-1)?.value;
    await expect.poll(() => [last(frames.a), last(frames.b)], { timeout: 5_000 }).toEqual([300, 300]);

    // A broadcast from web B reaches the socket on web A through the adapter, and B sees A's socket.
    const marker = new Promise<MetricFrame>((resolve) => onA.once('metric', resolve));
    const frame = { name: 'adapter-check', group: {}, ts: new Date().toISOString(), step: '1s' as const };
    b.realtime.io.emit('metric', { ...frame, value: 42, receivedAt: Date.now() });
    expect(await marker).toMatchObject({ name: 'adapter-check', value: 42 });
    expect((await b.realtime.io.fetchSockets()).map((s) => s.id).sort()).toEqual([onA.id, onB.id].sort());

    // Every queue key and every key of our own scripts shares one slot: all of them sit on one master.
    const holders: number[] = [];
    for (const [i, client] of direct.entries()) {
      const [, keys] = await client.scan('0', 'MATCH', `${prefix}:*`, 'COUNT', 10_000);
      if (keys.length > 0) holders.push(i);
    }
    expect(holders).toHaveLength(1);
  });

  it('counts worker heartbeats and reads durability on every master, naming a degraded one', async () => {
    const rt = runtime();
    await rt.redis.set(workerHeartbeatKey(prefix, 'w1'), String(Date.now()), 'PX', 60_000);
    await rt.redis.set(workerHeartbeatKey(prefix, 'w2'), String(Date.now()), 'PX', 60_000);
    // Ten runs: a SCAN sent to one node picked by the client would miss the keys about two times in three.
    for (let i = 0; i < 10; i++) expect(await countLiveWorkers(rt.redis, prefix)).toBe(2);

    expect(await redisDurability(rt.redis)).toMatchObject({ status: 'ok', detail: /on all 3 masters/ });
    const [, second] = direct;
    await second?.config('SET', 'appendonly', 'no');
    expect(await redisDurability(rt.redis)).toMatchObject({
      status: 'degraded',
      detail: new RegExp(`without AOF \\(127\\.0\\.0\\.1:${ports[1]}\\)`),
    });
    await second?.config('SET', 'appendonly', 'yes');
  });
});
