// Live fan-out on Redis 7 sharded pub/sub, on a private three-master Redis Cluster: the ingest worker's
// points and the Socket.IO adapter's broadcasts reach two web servers, and no message crosses the cluster
// bus to the other masters (classic PUBLISH is copied to every node: `cluster_stats_messages_publish_sent`).
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '@/core/auth/hashing';
import { ingestEvents } from '@/core/services/events/ingest';
import { frameChannels, framePublisher, pointsShardTags, pubsubMode } from '@/lib/pubsub';
import { createRedis, disconnectClusters, type RedisClient } from '@/lib/redis';
import { incidentsRoom, type MetricFrame } from '@/contracts/socket';
import { closeRuntime, runtime } from '@/server/runtime';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { startIngestWorker } from '@/workers/ingest';
import { PrivateRedisCluster } from './redis-cluster';
import { TestWebs, useWebRuntime, type Web } from './web-fixture';
import { seedMetrics } from '@/test/helpers/rules';

// Ports of their own per run, apart from cluster.test.ts's 7101-7460 (bus ports are +10000).
const basePort = 7501 + (process.pid % 60) * 3;
const prefix = `{pbs-${process.pid}}`;
const token = 'pbt_sharded_fanout_token_0123456789';
let cluster: PrivateRedisCluster;
let direct: Redis[] = [];
let ports: number[] = [];
let tdb: TestDatabase;
let publisherRedis: RedisClient;
let worker: ReturnType<typeof startIngestWorker> | undefined;
const webs = new TestWebs();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Classic PUBLISH messages each node has sent over the cluster bus (absent from CLUSTER INFO while 0). */
async function busPublishes(): Promise<number[]> {
  return Promise.all(
    direct.map(async (client) => {
      const info = await client.cluster('INFO');
      return Number(/cluster_stats_messages_publish_sent:(\d+)/.exec(info)?.[1] ?? 0);
    }),
  );
}

/** The subscribers each master counts for a sharded channel: only the master that owns it has any. */
async function shardSubscribers(channel: string): Promise<number[]> {
  return Promise.all(
    direct.map(async (client) => {
      const reply = (await client.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number];
      return Number(reply[1]);
    }),
  );
}

/** The index of the master that owns `channel`'s slot. */
async function ownerOf(channel: string): Promise<number> {
  const slot = Number(await direct[0]!.call('CLUSTER', 'KEYSLOT', channel));
  const shards = (await direct[0]!.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
  const port = shards.find(([from, to]) => slot >= from && slot <= to)?.[2][1];
  return ports.indexOf(Number(port));
}

beforeAll(async () => {
  cluster = await PrivateRedisCluster.start({ basePort, masters: 3 });
  direct = cluster.nodes.map((n) => n.client);
  ports = cluster.nodes.map((n) => n.port);
  const clusterUrl = cluster.url;

  tdb = await createTestDatabase();
  await seedMetrics(tdb);
  const [user] = await tdb.sql<{ id: string }[]>`
    insert into users (email, name, password_hash, role) values ('viewer@test', 'Viewer', 'x', 'viewer')
    returning id`;
  await tdb.sql`insert into api_tokens (user_id, name, token_hash, prefix)
    values (${user!.id}, 'sharded', ${sha256(token)}, 'pbt_shar')`;
  // No PULSEBOARD_PUBSUB: a redis+cluster:// URL means sharded pub/sub.
  delete process.env.PULSEBOARD_PUBSUB;
  const rt = await useWebRuntime({ databaseUrl: tdb.url, redisUrl: clusterUrl, prefix });
  // The worker process's publisher, as workers/index.ts makes it.
  publisherRedis = createRedis(clusterUrl, { maxRetriesPerRequest: null });
  const publisher = framePublisher(publisherRedis, { prefix, mode: pubsubMode(rt.env) });
  worker = startIngestWorker({ sql: tdb.sql, publisher, redisUrl: clusterUrl, prefix, latenessMs: 300_000 });
  await webs.start(2);
}, 60_000);

afterAll(async () => {
  await webs.close();
  await worker?.close();
  await closeRuntime();
  publisherRedis?.disconnect();
  disconnectClusters();
  await tdb?.drop();
  await cluster?.stop();
});

describe('sharded pub/sub on a three-master Redis Cluster', () => {
  it('spreads the points channels over every master: each hash tag in its own sixteenth of the slots', async () => {
    expect(pubsubMode(runtime().env)).toBe('sharded');
    const { points } = frameChannels(prefix, 'sharded');
    const slots = await Promise.all(
      points.map(async (c) => Number(await direct[0]!.call('CLUSTER', 'KEYSLOT', c))),
    );
    expect(slots.map((slot) => Math.floor(slot / 1024))).toEqual(pointsShardTags.map((_, i) => i));
    const owners = await Promise.all(points.map(ownerOf));
    expect(new Set(owners)).toEqual(new Set([0, 1, 2]));
    // Both web processes listen on every points channel, each on the master that owns it alone.
    for (const [i, channel] of points.entries()) {
      const expected = [0, 0, 0];
      expected[owners[i]!] = 2;
      expect(await shardSubscribers(channel)).toEqual(expected);
    }
  });

  it("delivers an ingest worker's points to sockets on both web servers without a classic PUBLISH on the cluster bus", async () => {
    const rt = runtime();
    const [a, b] = webs.list as [Web, Web];
    const onA = await webs.openSocket(a, { token });
    const onB = await webs.openSocket(b, { token });
    const frames = { a: [] as MetricFrame[], b: [] as MetricFrame[] };
    onA.on('metric', (f: MetricFrame) => frames.a.push(f));
    onB.on('metric', (f: MetricFrame) => frames.b.push(f));
    for (const s of [onA, onB]) {
      expect(await s.timeout(5000).emitWithAck('subscribe', { metrics: ['events'] })).toMatchObject({
        ok: true,
      });
    }
    const before = await busPublishes();

    const ts = Date.now();
    const ctx = {
      key: { id: 'k-sharded', source: 'default', canBackfill: false, rateLimit: null },
      queue: rt.queues.ingest,
      redis: rt.redis,
      prefix,
      defaultRateLimit: 100_000,
      maxBacklog: 1000,
      maxBacklogBytes: 512 << 20,
      maxSkewMs: 60_000,
      eventsRetentionDays: 30,
    };
    // Several requests, so the worker publishes several points messages, over several of the channels.
    for (let r = 0; r < 5; r++) {
      const events = Array.from({ length: 20 }, (_, i) => ({ id: `s${r}-${i}`, type: 'sharded_e2e', ts }));
      await ingestEvents({ ctx, input: { events, receivedAt: Date.now() } });
      await sleep(100);
    }
    const last = (fs: MetricFrame[]) => fs.filter((f) => f.group.type === 'sharded_e2e').at(-1)?.value;
    await expect.poll(() => [last(frames.a), last(frames.b)], { timeout: 15_000 }).toEqual([100, 100]);

    // Classic pub/sub would have sent each message from the master it reached to the two others.
    expect(await busPublishes()).toEqual(before);
  });

  it("carries the Socket.IO adapter's broadcasts to the other web server on the room's shard alone", async () => {
    const [a, b] = webs.list as [Web, Web];
    const onA = await webs.openSocket(a, { token });
    const onB = await webs.openSocket(b, { token });
    for (const s of [onA, onB]) {
      expect(await s.timeout(5000).emitWithAck('subscribe', { metrics: [], incidents: true })).toMatchObject({
        ok: true,
      });
    }
    // "dynamic" mode: the room has a channel of its own, which both web processes listen on.
    const roomChannel = `pbs-${process.pid}:socket.io#/#${incidentsRoom}#`;
    const owner = await ownerOf(roomChannel);
    const expected = [0, 0, 0];
    expected[owner] = 2;
    await expect.poll(() => shardSubscribers(roomChannel), { timeout: 5_000 }).toEqual(expected);
    const before = await busPublishes();

    const onBoth = [onA, onB].map(
      (s) => new Promise<Record<string, unknown>>((resolve) => s.once('incident', resolve)),
    );
    a.realtime.io.to(incidentsRoom).emit('incident', { id: 'adapter-check' });
    expect(await Promise.all(onBoth)).toEqual([{ id: 'adapter-check' }, { id: 'adapter-check' }]);
    expect(await busPublishes()).toEqual(before);
    expect((await b.realtime.io.fetchSockets()).length).toBe(webs.sockets.length);
  });

  it('counts a classic PUBLISH on the cluster bus (the check above would see one)', async () => {
    const before = await busPublishes();
    await direct[0]!.publish(`pbs-${process.pid}:classic-probe`, 'x');
    await expect
      .poll(async () => (await busPublishes()).reduce((sum, n, i) => sum + n - before[i]!, 0))
      .toBeGreaterThan(0);
  });
});
