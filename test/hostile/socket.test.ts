import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxSeriesPerSocket } from '@/contracts/socket';
import { attachRealtime } from '@/server/realtime/socket-server';
import { runtime } from '@/server/runtime';
import { createWorld, type HostileWorld } from './fixture';

/**
 * Hostile subscribe payloads on the socket (issue 8): each gets an error ack (or is dropped with the
 * connection when it is over Socket.IO's message size), the server stays up for everyone else, and a
 * connection cannot watch more than its share of series.
 */

let world: HostileWorld;
let server: Server;
let realtime: Awaited<ReturnType<typeof attachRealtime>>;
let url = '';
const sockets: Socket[] = [];
/** Rejections nobody handled while the server ran: in production each one ends the web process. */
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

/** Metrics m000…m129, each with two dimensions: four groupings each, 520 series in all. */
const extraMetrics = 130;

async function open(): Promise<Socket> {
  const socket = connect(url, {
    auth: { token: world.adminToken },
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

type Ack = { ok: boolean; error?: string; metrics?: unknown[]; refused?: string[] };

const subscribe = (socket: Socket, payload: unknown): Promise<Ack> =>
  socket.timeout(5000).emitWithAck('subscribe', payload) as Promise<Ack>;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUncaught);
  world = await createWorld();
  await world.tdb.sql`
    insert into metrics (name, event_types, aggregation, dimensions, default_group_by)
    select 'm' || lpad(i::text, 3, '0'), '{}', 'count', '["zone","kind"]', '[]'
    from generate_series(0, ${extraMetrics - 1}) as i`;
  server = createServer();
  realtime = await attachRealtime(server, runtime());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await realtime?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await world?.close();
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUncaught);
});

const prototypePayload = JSON.parse(
  '{"__proto__":{"incidents":true,"polluted":true},"constructor":{"prototype":{"polluted":true}},"metrics":[]}',
) as unknown;

const hostilePayloads: [string, unknown][] = [
  ['a string', 'events'],
  ['a number', 42],
  ['null', null],
  ['a list', ['events']],
  ['metrics as a string', { metrics: 'events' }],
  ['metrics as an object', { metrics: { name: 'events' } }],
  ['100,000 metrics', { metrics: Array.from({ length: 100_000 }, () => 'events') }],
  ['an unknown metric', { metrics: ['no_such_metric'] }],
  ['a metric named __proto__', { metrics: ['__proto__'] }],
  ['a metric named constructor', { metrics: [{ name: 'constructor' }] }],
  ['a metric named hasOwnProperty', { metrics: [{ name: 'hasOwnProperty', groupBy: [] }] }],
  ['groupBy __proto__', { metrics: [{ name: 'events', groupBy: ['__proto__'] }] }],
  [
    'groupBy of 1,000 dimensions',
    { metrics: [{ name: 'events', groupBy: Array.from({ length: 1000 }, () => 'type') }] },
  ],
  ['groupBy as a string', { metrics: [{ name: 'events', groupBy: 'type' }] }],
  ['a 60 kB metric name', { metrics: ['x'.repeat(60_000)] }],
  ['incidents as a string', { metrics: [], incidents: 'yes' }],
  ['a NUL in a name', { metrics: ['ev\u0000ents'] }],
  ['a lone surrogate in a name', { metrics: ['\ud800'] }],
  ['an SQL injection as a name', { metrics: ["events' OR '1'='1"] }],
];

describe('hostile socket subscriptions', () => {
  it('each hostile subscribe gets an error ack naming the problem', async () => {
    const socket = await open();
    const wrong: string[] = [];
    for (const [what, payload] of hostilePayloads) {
      const ack = await subscribe(socket, payload);
      if (ack.ok !== false || typeof ack.error !== 'string' || ack.error.length === 0)
        wrong.push(`${what}: ${JSON.stringify(ack).slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(socket.connected, 'the socket is still connected').toBe(true);
    expect(await subscribe(socket, { metrics: ['events'] })).toMatchObject({ ok: true });
  }, 60_000);

  it('prototype keys subscribe to nothing and pollute nothing', async () => {
    const socket = await open();
    const ack = await subscribe(socket, prototypePayload);
    expect(ack).toMatchObject({ ok: true, metrics: [] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).incidents).toBeUndefined();
    const [server] = await realtime.io.in(socket.id!).fetchSockets();
    expect(server?.rooms.has('incidents'), '__proto__.incidents joined nothing').toBe(false);
  });

  it('an ack that is not a function, or none, is ignored: the process and the socket stay up', async () => {
    const socket = await open();
    socket.emit('subscribe', { metrics: ['events'] }, 'not a function');
    socket.emit('subscribe', 'not an object', 12);
    socket.emit('unsubscribe', {}, 'not a function');
    socket.emit('unsubscribe');
    socket.emit('subscribe');
    socket.emit('no-such-event', { x: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(unhandled.map(String), 'unhandled rejections').toEqual([]);
    expect(uncaught.map(String), 'uncaught exceptions').toEqual([]);
    expect(socket.connected).toBe(true);
    expect(await subscribe(socket, { metrics: ['events'] })).toMatchObject({ ok: true });
  });

  it('a 1 MB message closes only its own connection; others keep their subscriptions', async () => {
    const bystander = await open();
    expect(await subscribe(bystander, { metrics: ['events'] })).toMatchObject({ ok: true });
    const attacker = await open();
    const closed = new Promise<string>((resolve) => attacker.once('disconnect', resolve));
    attacker.emit('subscribe', { metrics: ['x'.repeat(1024 * 1024)] }, () => undefined);
    expect(await closed).toMatch(/transport/);
    expect(bystander.connected).toBe(true);
    expect(await subscribe(bystander, { metrics: ['events'] })).toMatchObject({ ok: true });
    const again = await open();
    expect(await subscribe(again, { metrics: ['events'] })).toMatchObject({ ok: true });
  });

  it('hostile handshakes are refused as unauthorized, and the server keeps serving', async () => {
    const attempts: Record<string, unknown>[] = [
      { extraHeaders: { cookie: 'pb_session=%E0%A4%A' } },
      { extraHeaders: { cookie: `pb_session=${'a'.repeat(8192)}` } },
      { auth: { token: { $ne: '' } } },
      { auth: { token: 'x'.repeat(100_000) } },
      { auth: { token: "' OR '1'='1" } },
    ];
    for (const options of attempts) {
      const socket = connect(url, { transports: ['websocket'], reconnection: false, ...options });
      sockets.push(socket);
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message, JSON.stringify(options).slice(0, 80)).toMatch(/unauthorized/);
    }
    const fine = await open();
    expect(await subscribe(fine, { metrics: ['events'] })).toMatchObject({ ok: true });
  });

  it(`one connection watches at most ${maxSeriesPerSocket} series, however many subscribes it sends`, async () => {
    const socket = await open();
    const groupings = [[], ['zone'], ['kind'], ['kind', 'zone']];
    const all = Array.from({ length: extraMetrics }, (_, i) => `m${String(i).padStart(3, '0')}`).flatMap(
      (name) => groupings.map((groupBy) => ({ name, groupBy })),
    );
    expect(all.length).toBeGreaterThan(maxSeriesPerSocket);
    const accepted: unknown[] = [];
    const refused: string[] = [];
    for (let i = 0; i < all.length; i += 100) {
      const ack = await subscribe(socket, { metrics: all.slice(i, i + 100) });
      accepted.push(...(ack.metrics ?? []));
      refused.push(...(ack.refused ?? (ack.ok ? [] : [ack.error ?? ''])));
    }
    expect(accepted.length).toBe(maxSeriesPerSocket);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatch(new RegExp(`at most ${maxSeriesPerSocket} series`));
    const [server] = await realtime.io.in(socket.id!).fetchSockets();
    expect([...(server?.rooms ?? [])].filter((r) => r.startsWith('metric:')).length).toBe(maxSeriesPerSocket);
    // A series it already watches is still answered; unsubscribing frees the connection's share.
    expect(await subscribe(socket, { metrics: [all[0]] })).toMatchObject({ ok: true });
    await socket.timeout(5000).emitWithAck('unsubscribe', {});
    expect(await subscribe(socket, { metrics: [all[all.length - 1]] })).toMatchObject({ ok: true });
  }, 60_000);
});
