import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/contracts/roles';
import { sha256 } from '@/core/auth/hashing';
import { attachRealtime } from '@/server/realtime/socket-server';
import { closeRuntime, runtime } from '@/server/runtime';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { burst, ingest, seedMetrics, seedUsers } from '@/test/helpers/rules';
import { evaluateSurgeRules, redisSurgePublisher } from '@/workers/surge/evaluate-surge-rules';
import * as surgeRuleRoute from '../surge-rules/[id]/route';
import * as surgeRulesRoute from '../surge-rules/route';
import * as currentRoute from './current/route';
import * as surgesRoute from './route';
import { callRoute, waitForFrame, type RouteCallOptions, type RouteHandler } from '@/test/route-call';

let tdb: TestDatabase;
let server: Server;
let realtime: Awaited<ReturnType<typeof attachRealtime>>;
let publisher: Redis;
let socket: Socket;
const tokens = {} as Record<Role, string>;
const prefix = testRedisPrefix();
const frames: Record<string, unknown>[] = [];

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
    tokens[role] = `pbt_${role}_token_for_tests`;
    await tdb.sql`insert into api_tokens (user_id, name, token_hash, prefix)
      values (${actors[role].userId}, 'test', ${sha256(tokens[role])}, 'pbt_')`;
  }
  await seedMetrics(tdb, [
    { name: 'ride_requests', eventTypes: ['ride_request'], dimensions: ['zone'] },
    { name: 'drivers_available', eventTypes: ['driver_available'], dimensions: ['zone'] },
  ]);
  server = createServer();
  realtime = await attachRealtime(server, runtime());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  publisher = new Redis(testRedisUrl);
  socket = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
    auth: { token: tokens.viewer },
    transports: ['websocket'],
  });
  socket.on('surge', (frame: Record<string, unknown>) => frames.push(frame));
  const ack: unknown = await socket.timeout(5000).emitWithAck('subscribe', { metrics: [], surges: true });
  expect(ack).toEqual({ ok: true, metrics: [] });
});
afterAll(async () => {
  socket.disconnect();
  await realtime.close();
  server.close();
  publisher.disconnect();
  await closeRuntime();
  await tdb.drop();
});

const call = <P extends Record<string, string>>(
  handler: RouteHandler<P>,
  options: RouteCallOptions<P> = {},
) => callRoute(handler, tokens, options);

const nextFrame = (predicate: (frame: Record<string, unknown>) => boolean) =>
  waitForFrame(frames, predicate, 'surge');

const rides = {
  name: 'Rides',
  demandMetric: 'ride_requests',
  supplyMetric: 'drivers_available',
  groupBy: ['zone'],
  window: '1m',
  tiers: [
    { ratio: 1.5, multiplier: 1.2 },
    { ratio: 2, multiplier: 1.5 },
  ],
};
const t0 = Date.UTC(2026, 0, 6, 9, 0, 0);

describe('surge API and live surge frames', () => {
  it('surge rules: 401 anonymous, 403 viewer and operator, 400 naming the field, 201/200/204 for an admin', async () => {
    const post = (role?: Role, body: unknown = rides) =>
      call(surgeRulesRoute.POST, { method: 'POST', role, body, path: 'surge-rules' });
    expect(await post()).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await post('viewer')).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await post('operator')).toMatchObject({ status: 403 });
    expect(await post('admin', { ...rides, window: '2h' })).toMatchObject({
      status: 400,
      body: { error: { field: 'window' } },
    });
    const created = await post('admin');
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    expect(await call(surgeRulesRoute.GET)).toMatchObject({ status: 401 });
    expect(await call(surgeRulesRoute.GET, { role: 'viewer' })).toMatchObject({
      status: 200,
      body: { surgeRules: [{ id, name: 'Rides' }] },
    });
    expect(await call(surgeRuleRoute.GET, { role: 'viewer', params: { id } })).toMatchObject({
      status: 200,
      body: { id },
    });
    const patch = (role?: Role) =>
      call(surgeRuleRoute.PATCH, { method: 'PATCH', role, params: { id }, body: { cap: 1.3 } });
    expect(await patch()).toMatchObject({ status: 401 });
    expect(await patch('operator')).toMatchObject({ status: 403 });
    expect(await patch('admin')).toMatchObject({ status: 200, body: { cap: 1.3 } });
    const remove = (role?: Role) => call(surgeRuleRoute.DELETE, { method: 'DELETE', role, params: { id } });
    expect(await remove()).toMatchObject({ status: 401 });
    expect(await remove('viewer')).toMatchObject({ status: 403 });
    expect(await remove('admin')).toMatchObject({ status: 204 });
    expect(await call(surgeRuleRoute.GET, { role: 'viewer', params: { id } })).toMatchObject({ status: 404 });
    expect(await call(surgeRuleRoute.GET, { role: 'viewer', params: { id: 'nope' } })).toMatchObject({
      status: 400,
    });
  });

  it('a surge change reaches the socket as a `surge` frame and the history and current endpoints', async () => {
    const created = await call(surgeRulesRoute.POST, { method: 'POST', role: 'admin', body: rides });
    const id = created.body.id as string;
    await ingest(tdb, [
      ...burst('ride_request', t0, 20, { props: { zone: 'north' } }),
      ...burst('driver_available', t0, 10, { props: { zone: 'north' } }),
    ]);
    await evaluateSurgeRules({
      db: tdb.db,
      now: t0 + 30_000,
      publish: redisSurgePublisher(publisher, prefix),
    });
    const frame = await nextFrame((f) => f.rule === id);
    expect(frame).toEqual({
      rule: id,
      ruleName: 'Rides',
      group: { zone: 'north' },
      ts: new Date(t0 + 30_000).toISOString(),
      ratio: 2,
      multiplier: 1.5,
      previous: 1,
    });

    expect(await call(surgesRoute.GET, { path: `surges?rule=${id}` })).toMatchObject({ status: 401 });
    expect(await call(surgesRoute.GET, { role: 'viewer', path: `surges?rule=${id}` })).toEqual({
      status: 200,
      body: { surges: [frame] },
    });
    const later = new Date(t0 + 60_000).toISOString();
    expect(await call(surgesRoute.GET, { role: 'viewer', path: `surges?rule=${id}&from=${later}` })).toEqual({
      status: 200,
      body: { surges: [] },
    });
    expect(await call(surgesRoute.GET, { role: 'viewer', path: 'surges?from=yesterday' })).toMatchObject({
      status: 400,
      body: { error: { field: 'from' } },
    });
    expect(await call(currentRoute.GET, { role: 'viewer', path: 'surges/current' })).toMatchObject({
      status: 200,
      body: {
        surges: [{ rule: id, group: { zone: 'north' }, multiplier: 1.5, ratio: 2 }],
      },
    });
  });
});
