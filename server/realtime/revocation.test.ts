// Live sockets end with their credential: a user disabled through the API, a session logged out, a token
// revoked or a password changed drop the sockets opened with them within a second, on both of two
// Socket.IO servers that share Redis and PostgreSQL (two web processes), not only at the next handshake.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sessionRoute from '@/app/api/v1/session/route';
import * as tokenRoute from '@/app/api/v1/tokens/[id]/route';
import * as tokensRoute from '@/app/api/v1/tokens/route';
import * as userRoute from '@/app/api/v1/users/[id]/route';
import * as passwordRoute from '@/app/api/v1/users/me/password/route';
import * as usersRoute from '@/app/api/v1/users/route';
import { hashPassword } from '@/core/auth/hashing';
import { closeRuntime, runtime } from '@/server/runtime';
import { callAs, logInCookie, type Credential } from '@/test/helpers/api-calls';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { attachRealtime } from './socket-server';

type Web = { server: Server; realtime: Awaited<ReturnType<typeof attachRealtime>>; url: string };

let tdb: TestDatabase;
const webs: Web[] = [];
let admin: Credential;
const adminLogin = { email: 'root@test', password: 'root-password-123' };
const sockets: Socket[] = [];

async function startWeb(): Promise<Web> {
  const server = createServer();
  const realtime = await attachRealtime(server, runtime());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, realtime, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A connected socket on `web`, opened with a session cookie or a token; records when it was dropped. */
async function connected(web: Web, auth: { cookie?: string; token?: string }) {
  const socket = connect(web.url, {
    transports: ['websocket'],
    reconnection: false,
    ...(auth.token ? { auth: { token: auth.token } } : {}),
    ...(auth.cookie ? { extraHeaders: { cookie: `pb_session=${auth.cookie}` } } : {}),
  });
  sockets.push(socket);
  const state = { socket, droppedAt: 0, reason: '' };
  socket.on('disconnect', (reason) => {
    state.droppedAt = Date.now();
    state.reason = reason;
  });
  await new Promise<void>((resolve, reject) => {
    socket.on('connect', resolve);
    socket.on('connect_error', reject);
  });
  return state;
}

async function accepted(web: Web, auth: { cookie?: string; token?: string }): Promise<boolean> {
  return connected(web, auth).then(
    (s) => {
      s.socket.disconnect();
      return true;
    },
    () => false,
  );
}

async function newUser(email: string, password: string): Promise<string> {
  const created = await callAs(usersRoute.POST, admin, {
    method: 'POST',
    body: { email, name: email, role: 'operator', password },
  });
  expect(created.status).toBe(201);
  return String((created.body?.user as { id: string }).id);
}

async function newToken(cookie: string): Promise<{ id: string; token: string }> {
  const made = await callAs(
    tokensRoute.POST,
    { kind: 'cookie', token: cookie },
    {
      method: 'POST',
      body: { name: 'script' },
    },
  );
  expect(made.status).toBe(201);
  return { id: String(made.body?.id), token: String(made.body?.token) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits up to `ms` for the sockets to drop; answers how long after `from` the last one did. */
async function droppedWithin(states: { droppedAt: number }[], from: number, ms: number): Promise<number> {
  while (Date.now() - from < ms && states.some((s) => s.droppedAt === 0)) await sleep(10);
  expect(states.map((s) => s.droppedAt > 0)).toEqual(states.map(() => true));
  return Math.max(...states.map((s) => s.droppedAt - from));
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: tdb.url,
    REDIS_URL: testRedisUrl,
    PULSEBOARD_SECRET: 'a-test-secret-of-at-least-32-characters',
    PULSEBOARD_REDIS_PREFIX: testRedisPrefix(),
    PULSEBOARD_DEMO: 'off',
  });
  const rt = runtime();
  if (rt.redis.status !== 'ready') await once(rt.redis, 'ready');
  await tdb.sql`insert into users (email, name, password_hash, role)
    values (${adminLogin.email}, 'Root', ${await hashPassword(adminLogin.password)}, 'admin')`;
  admin = { kind: 'cookie', token: await logInCookie(adminLogin.email, adminLogin.password) };
  webs.push(await startWeb(), await startWeb());
});

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const web of webs) {
    await web.realtime.close();
    web.server.close();
  }
  await closeRuntime();
  await tdb?.drop();
});

describe('live sockets of revoked credentials', () => {
  it('disabling a user through the API drops their cookie and token sockets on both web processes within 1 s', async () => {
    const password = 'operator-password-1';
    const id = await newUser('op1@test', password);
    const cookie = await logInCookie('op1@test', password);
    const { token } = await newToken(cookie);
    const [a, b] = webs as [Web, Web];
    const live = [
      await connected(a, { cookie }),
      await connected(b, { cookie }),
      await connected(a, { token }),
      await connected(b, { token }),
    ];
    const bystander = await connected(b, { cookie: admin.kind === 'cookie' ? admin.token : '' });
    const from = Date.now();
    const disabled = await callAs(userRoute.PATCH, admin, {
      method: 'PATCH',
      params: { id },
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    const took = await droppedWithin(live, from, 1_000);
    expect(took).toBeLessThan(1_000);
    expect(live.map((s) => s.reason)).toEqual(live.map(() => 'io server disconnect'));
    await sleep(200);
    expect(bystander.droppedAt).toBe(0);
    expect(await accepted(a, { cookie })).toBe(false);
    expect(await accepted(b, { token })).toBe(false);
  });

  it('logging out drops the sockets of that session only; revoking a token drops its sockets only', async () => {
    const password = 'operator-password-2';
    await newUser('op2@test', password);
    const first = await logInCookie('op2@test', password);
    const second = await logInCookie('op2@test', password);
    const kept = await newToken(second);
    const revoked = await newToken(second);
    const [a, b] = webs as [Web, Web];
    const loggedOut = [await connected(a, { cookie: first }), await connected(b, { cookie: first })];
    const otherSession = await connected(b, { cookie: second });
    const keptToken = await connected(a, { token: kept.token });
    const revokedToken = [
      await connected(a, { token: revoked.token }),
      await connected(b, { token: revoked.token }),
    ];

    let from = Date.now();
    const out = await callAs(sessionRoute.DELETE, { kind: 'cookie', token: first }, { method: 'DELETE' });
    expect(out.status).toBe(204);
    expect(await droppedWithin(loggedOut, from, 1_000)).toBeLessThan(1_000);

    from = Date.now();
    const gone = await callAs(
      tokenRoute.DELETE,
      { kind: 'cookie', token: second },
      {
        method: 'DELETE',
        params: { id: revoked.id },
      },
    );
    expect(gone.status).toBe(204);
    expect(await droppedWithin(revokedToken, from, 1_000)).toBeLessThan(1_000);
    await sleep(200);
    expect([otherSession.droppedAt, keptToken.droppedAt]).toEqual([0, 0]);
  });

  it('changing one’s password drops the other sessions’ and the personal tokens’ sockets, not this session’s', async () => {
    const password = 'operator-password-3';
    await newUser('op3@test', password);
    const here = await logInCookie('op3@test', password);
    const elsewhere = await logInCookie('op3@test', password);
    const { token } = await newToken(here);
    const [a, b] = webs as [Web, Web];
    const stays = [await connected(a, { cookie: here }), await connected(b, { cookie: here })];
    const ends = [
      await connected(a, { cookie: elsewhere }),
      await connected(b, { cookie: elsewhere }),
      await connected(b, { token }),
    ];
    const from = Date.now();
    const changed = await callAs(
      passwordRoute.POST,
      { kind: 'cookie', token: here },
      {
        method: 'POST',
        body: { currentPassword: password, newPassword: 'operator-password-3b' },
      },
    );
    expect(changed.status, JSON.stringify(changed.body)).toBeLessThan(300);
    expect(await droppedWithin(ends, from, 1_000)).toBeLessThan(1_000);
    await sleep(200);
    expect(stays.map((s) => s.droppedAt)).toEqual([0, 0]);
  });

  it('a revocation whose NOTIFY never arrived is caught by the credential sweep (run on every re-listen and each minute)', async () => {
    const password = 'operator-password-4';
    const id = await newUser('op4@test', password);
    const cookie = await logInCookie('op4@test', password);
    const [a] = webs as [Web, Web];
    const ended = await connected(a, { cookie });
    const bystander = await connected(a, { cookie: admin.kind === 'cookie' ? admin.token : '' });
    // As if the LISTEN connection had been down: the session ends without a NOTIFY reaching anyone.
    await tdb.sql`delete from sessions where user_id = ${id}`;
    await sleep(200);
    expect(ended.droppedAt).toBe(0);
    await a.realtime.recheck();
    await droppedWithin([ended], Date.now(), 1_000);
    expect(bystander.droppedAt).toBe(0);
  });
});
