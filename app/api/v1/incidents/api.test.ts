import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/contracts/roles';
import { sha256 } from '@/core/auth/hashing';
import { attachRealtime } from '@/server/realtime/socket-server';
import { closeRuntime, runtime } from '@/server/runtime';
import { redisIncidentPublisher } from '@/core/services/incidents/publish';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { evaluateRules } from '@/workers/rules/evaluate-rules';
import { burst, ingest, seedMetrics, seedUsers } from '@/test/helpers/rules';
import * as maintenanceWindowsRoute from '../maintenance-windows/route';
import * as rulesRoute from '../rules/route';
import * as silencesRoute from '../silences/route';
import * as ackRoute from './[id]/ack/route';
import * as commentsRoute from './[id]/comments/route';
import * as incidentRoute from './[id]/route';
import * as incidentsRoute from './route';
import * as statsRoute from './stats/route';
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
  await seedMetrics(tdb, [{ name: 'api_errors', eventTypes: ['api_error'], dimensions: ['endpoint'] }]);
  server = createServer();
  realtime = await attachRealtime(server, runtime());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  publisher = new Redis(testRedisUrl);
  socket = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
    auth: { token: tokens.viewer },
    transports: ['websocket'],
  });
  socket.on('incident', (frame: Record<string, unknown>) => frames.push(frame));
  const ack: unknown = await socket.timeout(5000).emitWithAck('subscribe', { metrics: [], incidents: true });
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
  waitForFrame(frames, predicate, 'incident');

const rule = {
  name: 'API errors',
  kind: 'threshold',
  metric: 'api_errors',
  groupBy: ['endpoint'],
  window: '1m',
  params: { op: '>', value: 2 },
};

describe('alerting API and live incident frames', () => {
  it('rules: 401 without credentials, 403 below admin, 400 naming the field, 201 for an admin', async () => {
    expect(await call(rulesRoute.POST, { method: 'POST', body: rule })).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized' } },
    });
    expect(await call(rulesRoute.POST, { method: 'POST', role: 'operator', body: rule })).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
    expect(
      await call(rulesRoute.POST, { method: 'POST', role: 'admin', body: { ...rule, window: '2m' } }),
    ).toMatchObject({ status: 400, body: { error: { code: 'validation_error', field: 'window' } } });
    expect(
      await call(rulesRoute.POST, { method: 'POST', role: 'admin', body: { ...rule, metric: 'missing' } }),
    ).toMatchObject({ status: 400, body: { error: { field: 'metric' } } });
    expect(await call(rulesRoute.POST, { method: 'POST', role: 'admin', body: rule })).toMatchObject({
      status: 201,
      body: { name: 'API errors', kind: 'threshold' },
    });
    const list = await call(rulesRoute.GET, { role: 'viewer' });
    expect(list.status).toBe(200);
    expect(list.body.rules).toHaveLength(1);
  });

  it('an incident the engine opens reaches subscribed sockets in its REST shape; acknowledging it does too', async () => {
    const t = Date.parse('2030-09-01T12:00:00Z');
    await ingest(tdb, burst('api_error', t, 5, { props: { endpoint: '/pay' } }));
    await evaluateRules({ db: tdb.db, now: t + 5_000, publish: redisIncidentPublisher(publisher, prefix) });
    const opened = await nextFrame((f) => f.status === 'triggered');
    const id = String(opened.id);
    const rest = await call(incidentRoute.GET, { role: 'viewer', params: { id } });
    // The detail adds the timeline and the people it names (none yet: the engine opened it).
    const { timeline, people, ...view } = rest.body;
    expect(opened).toEqual(view);
    expect(timeline).toMatchObject([{ kind: 'opened' }]);
    expect(people).toEqual([]);
    expect(
      (await call(incidentsRoute.GET, { path: 'incidents?status=open', role: 'viewer' })).body,
    ).toMatchObject({
      incidents: [{ id }],
    });

    expect(await call(ackRoute.POST, { method: 'POST', role: 'viewer', params: { id } })).toMatchObject({
      status: 403,
    });
    const acked = await call(ackRoute.POST, { method: 'POST', role: 'operator', params: { id } });
    expect(acked).toMatchObject({ status: 200, body: { status: 'acknowledged' } });
    expect(await nextFrame((f) => f.id === id && f.status === 'acknowledged')).toEqual(acked.body);
    expect(await call(ackRoute.POST, { method: 'POST', role: 'operator', params: { id } })).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict' } },
    });
    expect(
      await call(commentsRoute.POST, {
        method: 'POST',
        role: 'operator',
        params: { id },
        body: { text: '' },
      }),
    ).toMatchObject({ status: 400, body: { error: { field: 'text' } } });
    expect(await call(incidentRoute.GET, { role: 'viewer', params: { id: 'nope' } })).toMatchObject({
      status: 400,
    });
    expect(
      await call(incidentRoute.GET, {
        role: 'viewer',
        params: { id: '00000000-0000-4000-8000-000000000000' },
      }),
    ).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('stats, silences and maintenance windows: query validation and role checks', async () => {
    expect(
      await call(statsRoute.GET, { path: 'incidents/stats?to=2030-01-01T00:00:00Z', role: 'viewer' }),
    ).toMatchObject({
      status: 400,
      body: { error: { field: 'from' } },
    });
    const stats = await call(statsRoute.GET, {
      path: 'incidents/stats?from=2030-09-01T00:00:00Z&to=2030-09-02T00:00:00Z',
      role: 'viewer',
    });
    expect(stats).toMatchObject({ status: 200, body: { overall: { incidents: 1 } } });
    const silence = {
      matchers: { series: { endpoint: '/pay' } },
      endsAt: new Date(Date.now() + 60_000).toISOString(),
      comment: 'PSP deploy',
    };
    expect(await call(silencesRoute.POST, { method: 'POST', role: 'viewer', body: silence })).toMatchObject({
      status: 403,
    });
    expect(await call(silencesRoute.POST, { method: 'POST', role: 'operator', body: silence })).toMatchObject(
      {
        status: 201,
        body: { state: 'active' },
      },
    );
    const window = {
      name: 'Nightly',
      timeZone: 'UTC',
      recurrence: { days: ['mon'], start: '02:00', durationMinutes: 30 },
    };
    expect(
      await call(maintenanceWindowsRoute.POST, { method: 'POST', role: 'operator', body: window }),
    ).toMatchObject({ status: 403 });
    expect(
      await call(maintenanceWindowsRoute.POST, { method: 'POST', role: 'admin', body: window }),
    ).toMatchObject({
      status: 201,
    });
  });
});
