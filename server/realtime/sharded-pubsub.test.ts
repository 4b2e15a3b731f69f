import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentsRoom, type MetricFrame } from '@/contracts/socket';
import { groupKeyOf } from '@/lib/metrics/definitions';
import { encodePoints } from '@/lib/metrics/frames';
import { frameChannels, framePublisher, pubsubMode } from '@/lib/pubsub';
import { incidentsChannel, pointsChannel } from '@/lib/redis-names';
import { webEnvSchema } from '@/server/env';
import { attachRealtime } from '@/server/realtime/socket-server';
import { runtime } from '@/server/runtime';
import { createWorld, type HostileWorld } from '@/test/hostile/fixture';

/** PULSEBOARD_PUBSUB=sharded on one Redis 7: SPUBLISH/SSUBSCRIBE for frames and the Socket.IO adapter. */

type Web = { server: Server; realtime: Awaited<ReturnType<typeof attachRealtime>>; url: string };
let world: HostileWorld;
const webs: Web[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  process.env.PULSEBOARD_PUBSUB = 'sharded';
  world = await createWorld();
  for (let i = 0; i < 2; i++) {
    const server = createServer();
    const realtime = await attachRealtime(server, runtime());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    webs.push({ server, realtime, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  }
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const web of webs) {
    await web.realtime.close();
    await new Promise<void>((resolve) => web.server.close(() => resolve()));
  }
  await world?.close();
  delete process.env.PULSEBOARD_PUBSUB;
});

async function openSocket(web: Web, subscribe: Record<string, unknown>): Promise<Socket> {
  const socket = connect(web.url, {
    auth: { token: world.adminToken },
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  expect(await socket.timeout(5_000).emitWithAck('subscribe', subscribe)).toMatchObject({ ok: true });
  return socket;
}

describe('sharded pub/sub on one Redis', () => {
  it('refuses a PULSEBOARD_PUBSUB other than sharded or classic, naming it; defaults by the Redis URL', () => {
    const env = {
      DATABASE_URL: 'postgres://x@h/db',
      PULSEBOARD_SECRET: 'x'.repeat(32),
      REDIS_URL: 'redis://h:6379',
    };
    const bad = webEnvSchema.safeParse({ ...env, PULSEBOARD_PUBSUB: 'broadcast' });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['PULSEBOARD_PUBSUB']);
    expect(pubsubMode({ REDIS_URL: 'redis://h:6379' })).toBe('classic');
    expect(pubsubMode({ REDIS_URL: 'redis+cluster://h:1,h:2' })).toBe('sharded');
    expect(pubsubMode({ REDIS_URL: 'redis+cluster://h:1', PULSEBOARD_PUBSUB: 'classic' })).toBe('classic');
  });

  it('relays points and incidents published with SPUBLISH to sockets on both web servers', async () => {
    const rt = runtime();
    const prefix = rt.env.PULSEBOARD_REDIS_PREFIX;
    const channels = frameChannels(prefix, 'sharded');
    // Every web process listens on all sixteen points channels and on the incidents channel, sharded.
    for (const channel of [...channels.points, channels.incidents]) {
      const [, count] = (await rt.redis.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number];
      expect(count).toBe(2);
    }
    const [a, b] = webs as [Web, Web];
    const onA = await openSocket(a, { metrics: [{ name: 'events', groupBy: ['type'] }], incidents: true });
    const onB = await openSocket(b, { metrics: [{ name: 'events', groupBy: ['type'] }], incidents: true });
    const frames: MetricFrame[][] = [[], []];
    const incidents: unknown[][] = [[], []];
    for (const [i, s] of [onA, onB].entries()) {
      s.on('metric', (f: MetricFrame) => frames[i]!.push(f));
      s.on('incident', (x: unknown) => incidents[i]!.push(x));
    }

    const publisher = framePublisher(rt.redis, { prefix, mode: 'sharded' });
    const bucket = Math.floor(Date.now() / 1000) * 1000;
    // Three messages take three of the points channels; each reaches both servers.
    for (const count of [1, 2, 3]) {
      const point = {
        metric: 'events',
        aggregation: 'count' as const,
        groupKey: groupKeyOf({ type: 'sharded_one', source: 'default' }),
        bucket,
        state: { count, sum: 0, min: null, max: null },
      };
      expect(await publisher.publish(pointsChannel(prefix), encodePoints([point]))).toBe(2);
    }
    expect(await publisher.publish(incidentsChannel(prefix), JSON.stringify({ id: 'inc-1' }))).toBe(2);
    const last = (fs: MetricFrame[]) => fs.filter((f) => f.group.type === 'sharded_one').at(-1)?.value;
    await expect.poll(() => frames.map(last), { timeout: 3_000 }).toEqual([3, 3]);
    await expect.poll(() => incidents, { timeout: 3_000 }).toEqual([[{ id: 'inc-1' }], [{ id: 'inc-1' }]]);

    // The adapter's broadcast from one server to the other goes over SPUBLISH too.
    const onBoth = [onA, onB].map((s) => new Promise((resolve) => s.once('incident', resolve)));
    b.realtime.io.to(incidentsRoom).emit('incident', { id: 'adapter-check' });
    expect(await Promise.all(onBoth)).toEqual([{ id: 'adapter-check' }, { id: 'adapter-check' }]);
    const adapterChannel = `${prefix}:socket.io#/#${incidentsRoom}#`;
    const [, adapterSubscribers] = (await rt.redis.call('PUBSUB', 'SHARDNUMSUB', adapterChannel)) as [
      string,
      number,
    ];
    expect(adapterSubscribers).toBe(2);
  });
});
