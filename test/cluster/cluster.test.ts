// Pulseboard on a real Redis Cluster: three private redis-server masters with a replica each (AOF on), the
// ingest service and the ingest worker (BullMQ with a hash-tagged prefix), two Socket.IO servers sharing
// the cluster through the Redis adapter, the per-master checks (durability, worker heartbeats), and ingest
// partitions spread over every master with three worker processes while a master fails over to its
// replica and is then SIGKILLed. Everything is torn down afterwards.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisDurability } from '@/lib/durability';
import { countLiveWorkers } from '@/lib/live-workers';
import { IngestQueues, openIngestQueues } from '@/lib/queues';
import { createRedis, disconnectClusters, type RedisClient } from '@/lib/redis';
import { ingestPartitionNames, workerHeartbeatKey } from '@/lib/redis-names';
import { hashPassword } from '@/core/auth/hashing';
import { webEnvSchema } from '@/server/env';
import type { MetricFrame } from '@/contracts/socket';
import { closeRuntime, runtime } from '@/server/runtime';
import { ingestEvents } from '@/core/services/events/ingest';
import { logInCookie } from '@/test/helpers/api-calls';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { startIngestWorker } from '@/workers/ingest';
import { UnavailableError } from '@/core/errors';
import { dedupKeyOf, ingestPartitionOf } from '@/contracts/ingest-partition';
import { AppProcess, settledRecount } from '@/test/faults/stack';
import { PrivateRedisCluster } from './redis-cluster';
import { TestWebs, useWebRuntime, type Web } from './web-fixture';
import { seedMetrics } from '@/test/helpers/rules';

// Ports of their own per run (bus ports are +10000), so parallel runs do not meet.
const basePort = 7101 + (process.pid % 60) * 6;
const prefix = `{pbc-${process.pid}}`;
let cluster: PrivateRedisCluster;
let clusterUrl: string;
let tdb: TestDatabase;
let publisher: RedisClient;
let worker: ReturnType<typeof startIngestWorker> | undefined;
const webs = new TestWebs();

beforeAll(async () => {
  cluster = await PrivateRedisCluster.start({ basePort, masters: 3, replicasPerMaster: 1 });
  clusterUrl = cluster.url;

  tdb = await createTestDatabase();
  await seedMetrics(tdb);
  await useWebRuntime({ databaseUrl: tdb.url, redisUrl: clusterUrl, prefix });
  publisher = createRedis(clusterUrl, { maxRetriesPerRequest: null });
  worker = startIngestWorker({ sql: tdb.sql, publisher, redisUrl: clusterUrl, prefix, latenessMs: 300_000 });
  await webs.start(2);
}, 60_000);

/**
 * After the failovers a client may still be retrying a killed master: each close gets 15 s (named on the
 * console when it runs out), then every cluster client is disconnected, which ends what still waits.
 */
async function bounded(step: string, closing: Promise<unknown> | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.log(`teardown: ${step} still waiting after 15 s, going on`);
      resolve();
    }, 15_000);
  });
  await Promise.race([closing, late]);
  clearTimeout(timer);
}

afterAll(async () => {
  await bounded('web servers', webs.close());
  await bounded('in-process worker', worker?.close());
  await bounded('runtime', closeRuntime());
  publisher?.disconnect();
  disconnectClusters();
  await tdb?.drop();
  await cluster?.stop();
}, 120_000);

describe('REDIS_URL=redis+cluster:// (three masters, a replica each)', () => {
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
    const [a, b] = webs.list as [Web, Web];
    const onA = await webs.openSocket(a, { cookie: cookie ?? '' });
    const onB = await webs.openSocket(b, { cookie: cookie ?? '' });
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
    for (const master of await cluster.masters()) {
      const [, keys] = await master.client.scan('0', 'MATCH', `${prefix}:*`, 'COUNT', 10_000);
      if (keys.length > 0) holders.push(master.port);
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
    const [, second] = await cluster.masters();
    await second?.client.config('SET', 'appendonly', 'no');
    expect(await redisDurability(rt.redis)).toMatchObject({
      status: 'degraded',
      detail: new RegExp(`without AOF \\(127\\.0\\.0\\.1:${second?.port}\\)`),
    });
    await second?.client.config('SET', 'appendonly', 'yes');
  });
});

// ---------------------------------------------------------------------------------------------------
// Ingest partitions over every master, three worker processes, and a master failing over mid-stream.

const root = path.resolve(import.meta.dirname, '../..');
const partitions = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A hash-tagged prefix whose partitions land on every master of the cluster (slots depend on the name). */
async function prefixOnEveryMaster(): Promise<{ prefix: string; owners: number[] }> {
  const masters = (await cluster.masters()).length;
  // Six partitions miss one of three masters for about one name in four; forty misses in a row is a bug.
  for (let k = 0; k < 40; k++) {
    const candidate = `{pbp-${process.pid}-${k}}`;
    const owners: number[] = [];
    for (const name of ingestPartitionNames(candidate, partitions)) {
      owners.push((await cluster.ownerOf(await cluster.keySlot(`${name.prefix}:${name.name}:wait`))).port);
    }
    if (new Set(owners).size === masters) return { prefix: candidate, owners };
  }
  throw new Error(`no prefix spreads ${partitions} ingest partitions over ${masters} masters`);
}

type Side = { queues: IngestQueues; redis: RedisClient };

describe('ingest partitions on a Redis Cluster (2 web sides, 3 worker processes)', () => {
  const workers: AppProcess[] = [];
  const sides: Side[] = [];
  let watcher: IngestQueues;
  let watcherRedis: RedisClient;
  let partPrefix = '';
  let owners: number[] = [];
  let logDir = '';

  beforeAll(async () => {
    ({ prefix: partPrefix, owners } = await prefixOnEveryMaster());
    // The worker processes as `npm start` runs them (dist/worker.mjs), on every partition.
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build-server.mjs')], { stdio: 'ignore' });
    logDir = mkdtempSync(path.join(tmpdir(), 'pb-cluster-logs-'));
    const { NODE_OPTIONS: _n, VITEST: _v, VITEST_POOL_ID: _p, VITEST_WORKER_ID: _w, ...base } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...base,
      NODE_ENV: 'production',
      DATABASE_URL: tdb.url,
      REDIS_URL: cluster.url,
      PULSEBOARD_REDIS_PREFIX: partPrefix,
      PULSEBOARD_SECRET: 'a-test-secret-of-at-least-32-characters',
      PULSEBOARD_INGEST_PARTITIONS: String(partitions),
      PULSEBOARD_WORKER_METRICS_PORT: '0',
      // A job held by a connection that went away is taken over after 2 s instead of 30 s.
      PULSEBOARD_JOB_LOCK_MS: '2000',
      LOG_LEVEL: 'warn',
    };
    for (let i = 1; i <= 3; i++) {
      const log = path.join(logDir, `worker-${i}.log`);
      const w = new AppProcess(`worker-${i}`, 'dist/worker.mjs', env, log, null);
      workers.push(w);
      await w.start();
    }
    watcherRedis = createRedis(cluster.url, { maxRetriesPerRequest: null });
    watcher = openIngestQueues({ redisUrl: cluster.url, prefix: partPrefix, partitions, failFast: false });
    const deadline = Date.now() + 30_000;
    while ((await countLiveWorkers(watcherRedis, partPrefix)) < 3) {
      if (Date.now() > deadline) throw new Error(`worker processes not up; see ${logDir}`);
      await sleep(200);
    }
    // Two web sides, each with its own connections as two web processes have (failFast, like runtime()).
    for (let i = 0; i < 2; i++) {
      const redis = createRedis(cluster.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      redis.on('error', () => {});
      const queues = openIngestQueues({
        redisUrl: cluster.url,
        prefix: partPrefix,
        partitions,
        failFast: true,
      });
      sides.push({ queues, redis });
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(workers.map((w) => w.stop()));
    await Promise.allSettled([...sides.map((s) => s.queues.close()), watcher?.close()]);
    for (const side of sides) side.redis.disconnect();
    watcherRedis?.disconnect();
    if (logDir && process.env.PB_CLUSTER_KEEP !== '1') rmSync(logDir, { recursive: true, force: true });
  });

  const post = (side: Side, events: unknown[], waitReplicas: number) =>
    ingestEvents({
      ctx: {
        key: { id: 'k-failover', source: 'default', canBackfill: false, rateLimit: null },
        queue: side.queues,
        redis: side.redis,
        prefix: partPrefix,
        defaultRateLimit: 1_000_000,
        maxBacklog: 100_000,
        maxBacklogBytes: 512 << 20,
        maxSkewMs: 60_000,
        eventsRetentionDays: 30,
        waitReplicas,
      },
      input: { events, receivedAt: Date.now() },
    });

  /**
   * Streams events through both sides, resending a request until it is acknowledged (to the other side
   * each time, as packages/client does), runs `disrupt` after 3 s and streams 4 s more; then recounts.
   */
  async function streamAround(type: string, waitReplicas: number, disrupt: () => Promise<void>) {
    const [a, b] = sides as [Side, Side];
    const acknowledged = new Set<string>();
    const failures: string[] = [];
    let running = true;
    let seq = 0;
    const send = async (events: { id: string }[], n: number) => {
      for (let attempt = 0; ; attempt++) {
        try {
          await post(attempt % 2 === n % 2 ? a : b, events, waitReplicas);
          for (const e of events) acknowledged.add(e.id);
          return;
        } catch (error) {
          failures.push((error as Error).message);
          await sleep(100);
        }
      }
    };
    const inFlight = new Set<Promise<void>>();
    const stream = (async () => {
      for (let n = 0; running; n++) {
        if (inFlight.size < 6) {
          const ts = Date.now();
          const events = Array.from({ length: 20 }, () => ({ id: `${type}-${++seq}`, type, ts, value: 1 }));
          const p = send(events, n).finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
        await sleep(25);
      }
      await Promise.all(inFlight);
    })();
    await sleep(3000);
    const before = acknowledged.size;
    await disrupt();
    const atDisruption = acknowledged.size;
    await sleep(4000);
    running = false;
    await stream;
    expect(before).toBeGreaterThan(0);
    expect(acknowledged.size).toBeGreaterThan(atDisruption);
    const result = await settledRecount(tdb.url, type, acknowledged, 60_000);
    console.log(
      `${type}: ${acknowledged.size} events acknowledged (${before} before the disruption), ` +
        `${failures.length} attempts failed and were resent; stored ${result.stored}`,
    );
    expect(result.missing).toEqual([]);
    expect(result.duplicated).toEqual([]);
    expect(result.mismatches).toEqual([]);
    expect(result.stored).toBe(acknowledged.size);
    expect(result.metricTotal).toBe(acknowledged.size);
    await expect
      .poll(() => watcher.getJobCounts('waiting', 'active', 'delayed', 'failed'), { timeout: 20_000 })
      .toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    for (const w of workers) expect(w.child?.exitCode, w.name).toBeNull();
  }

  it('puts the partitions on every master and counts every acknowledged event once when a master fails over and is killed', async () => {
    expect(new Set(owners).size).toBe(3);
    const victim = cluster.nodes.find((n) => n.port === owners[0]);
    if (!victim) throw new Error('no master for partition 0');
    const [replica] = await cluster.replicasOf(victim);
    if (!replica) throw new Error(`master ${victim.port} has no replica`);
    // The master holding partition 0 hands its slots to its replica, then dies without a chance to write.
    await streamAround(`failover${process.pid}`, 0, async () => {
      await cluster.failover(replica, victim);
      await cluster.kill(victim);
    });
    const names = ingestPartitionNames(partPrefix, partitions);
    const slot = await cluster.keySlot(names[0]?.prefix ?? '');
    expect((await cluster.ownerOf(slot)).port).toBe(replica.port);
    // Each partition's queue is on the master its slot names, asked directly (no redirection): three masters.
    const holders = new Set<number>();
    for (const name of names) {
      const owner = await cluster.ownerOf(await cluster.keySlot(name.prefix));
      expect(await owner.client.exists(`${name.prefix}:${name.name}:meta`), name.name).toBe(1);
      holders.add(owner.port);
    }
    expect(holders.size).toBe(3);
  }, 240_000);

  it('with PULSEBOARD_REDIS_WAIT_REPLICAS answers 503 unless the replicas have the job', async () => {
    const [a] = sides as [Side];
    // Each master has at most one replica: waiting for two can never succeed.
    const error = await post(a, [{ id: 'wait-2', type: 'wait_two', ts: Date.now() }], 2).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnavailableError);
    // One replica: acknowledged on a master that still has its replica, refused on the one whose
    // replica took over in the first test (its old master is dead, so it has none).
    const onMaster = (port: number) => {
      for (let i = 0; ; i++) {
        const event = { id: `wait-${port}-${i}`, type: 'wait_one', ts: Date.now() };
        if (owners[ingestPartitionOf(dedupKeyOf(event, 'default'), partitions)] === port) return event;
      }
    };
    const withReplica = owners.find((port) => port !== owners[0]) ?? 0;
    await expect(post(a, [onMaster(withReplica)], 1)).resolves.toMatchObject({ accepted: 1 });
    const alone = await post(a, [onMaster(owners[0] ?? 0)], 1).catch((e: unknown) => e);
    expect(alone).toBeInstanceOf(UnavailableError);
  });

  it('with WAIT 1, counts every acknowledged event once when a master is SIGKILLed and its replica promoted', async () => {
    // The first test's dead master comes back as a replica, so every master has one again.
    const first = cluster.nodes.find((n) => n.port === owners[0]);
    if (first) await cluster.restart(first);
    const victim = cluster.nodes.find((n) => n.port === owners.find((port) => port !== owners[0]));
    if (!victim) throw new Error('no second master');
    const [replica] = await cluster.replicasOf(victim);
    if (!replica) throw new Error(`master ${victim.port} has no replica`);
    // No handover: the master dies, the replica is promoted after the node timeout. Until the old master
    // is back as its replica, WAIT 1 cannot be met there: those requests get 503 and are resent.
    await streamAround(`crash${process.pid}`, 1, async () => {
      await cluster.kill(victim);
      const deadline = Date.now() + 20_000;
      while ((await cluster.role(replica)) !== 'master') {
        if (Date.now() > deadline) throw new Error('the replica was not promoted');
        await sleep(100);
      }
      await cluster.restart(victim);
    });
  }, 240_000);
});
