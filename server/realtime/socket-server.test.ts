import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupKeyOf } from '@/lib/metrics/definitions';
import { encodePoints } from '@/lib/metrics/frames';
import { pointsChannel } from '@/lib/redis-names';
import { attachRealtime } from '@/server/realtime/socket-server';
import { runtime } from '@/server/runtime';
import { createWorld, type HostileWorld } from '@/test/hostile/fixture';

/**
 * Live frames of a metric created a moment ago: the socket server learns the metric's aggregation from the
 * subscribe (a fresh catalogue read), not only from its catalogue refresh every 5 s, which dropped the
 * first seconds of such a metric's points (seen as a chart that never showed a new group in e2e).
 */

let world: HostileWorld;
let server: Server;
let realtime: Awaited<ReturnType<typeof attachRealtime>>;
let socket: Socket | null = null;

beforeAll(async () => {
  world = await createWorld();
  server = createServer();
  realtime = await attachRealtime(server, runtime());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}, 60_000);

afterAll(async () => {
  socket?.disconnect();
  await realtime?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await world?.close();
});

describe('socket server', () => {
  it('sends frames of a metric created after its last catalogue refresh, from the first point on', async () => {
    // Created after attachRealtime read the catalogue; its next refresh is 5 s away.
    await world.tdb.sql`
      insert into metrics (name, event_types, aggregation, dimensions, default_group_by)
      values ('just_created', '["just_created"]', 'count', '["zone"]', '[]')`;
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const s = connect(url, {
      auth: { token: world.adminToken },
      transports: ['websocket'],
      reconnection: false,
    });
    socket = s;
    await new Promise<void>((resolve, reject) => {
      s.once('connect', resolve);
      s.once('connect_error', reject);
    });
    const ack = (await s
      .timeout(5_000)
      .emitWithAck('subscribe', { metrics: [{ name: 'just_created', groupBy: ['zone'] }] })) as {
      ok: boolean;
    };
    expect(ack.ok).toBe(true);

    const frames: { name: string; group: Record<string, string>; value: number }[] = [];
    s.on('metric', (frame: (typeof frames)[number]) => frames.push(frame));
    // The web keeps no catalogue: the published point carries the aggregation its frame is valued with.
    const bucket = Math.floor(Date.now() / 1000) * 1000;
    const rt = runtime();
    await rt.redis.publish(
      pointsChannel(rt.env.PULSEBOARD_REDIS_PREFIX),
      encodePoints([
        {
          metric: 'just_created',
          aggregation: 'count',
          groupKey: groupKeyOf({ zone: 'ap' }),
          bucket,
          state: { count: 4, sum: 0, min: null, max: null },
        },
      ]),
    );
    await expect
      .poll(() => frames.find((f) => f.name === 'just_created'), { timeout: 3_000, interval: 50 })
      .toMatchObject({ group: { zone: 'ap' }, value: 4 });
  });
});
