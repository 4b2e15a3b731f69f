import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@/core/auth/hashing';
import { handleIngest } from '@/server/ingest-endpoint';
import { attachRealtime } from '@/server/realtime/socket-server';
import { closeRuntime, runtime } from '@/server/runtime';
import { callAs, type Credential } from '@/test/helpers/api-calls';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import * as auditRoute from '../audit/route';
import * as ingestKeyRoute from '../ingest-keys/[id]/route';
import * as ingestKeysRoute from '../ingest-keys/route';
import * as sessionRoute from '../session/route';
import * as sourcesRoute from '../sources/route';
import * as tokenRoute from '../tokens/[id]/route';
import * as tokensRoute from '../tokens/route';
import * as resetRoute from './[id]/reset-password/route';
import * as userRoute from './[id]/route';
import * as meRoute from './me/route';
import * as passwordRoute from './me/password/route';
import * as usersRoute from './route';

let tdb: TestDatabase;
let server: Server;
let realtime: Awaited<ReturnType<typeof attachRealtime>>;
let socketUrl: string;
let admin: Credential;
const adminLogin = { email: 'root@test', password: 'root-password-123' };
const prefix = testRedisPrefix();

/** Logs in through the real session route and answers the cookie value. */
async function logIn(email: string, password: string): Promise<string> {
  const response = await sessionRoute.POST(
    new Request('http://127.0.0.1/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    }),
    undefined,
  );
  expect(response.status, await response.clone().text()).toBe(200);
  const cookie = response.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  return /pb_session=([^;]+)/.exec(cookie)?.[1] ?? '';
}

/** Connects a socket with a session cookie (or token) and says whether the handshake was accepted. */
async function socketAccepted(auth: { cookie?: string; token?: string }): Promise<boolean> {
  const socket = connect(socketUrl, {
    transports: ['websocket'],
    reconnection: false,
    ...(auth.token ? { auth: { token: auth.token } } : {}),
    ...(auth.cookie ? { extraHeaders: { cookie: `pb_session=${auth.cookie}` } } : {}),
  });
  try {
    return await new Promise<boolean>((resolve) => {
      socket.on('connect', () => resolve(true));
      socket.on('connect_error', () => resolve(false));
    });
  } finally {
    socket.disconnect();
  }
}

function ingest(key: string, events: unknown[]): Promise<Response> {
  const body = new TextEncoder().encode(JSON.stringify({ events }));
  return handleIngest({
    header: (name) =>
      ({
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'content-length': String(body.length),
      })[name],
    body: new Response(body).body as AsyncIterable<Uint8Array> | null,
    receivedAt: Date.now(),
  });
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: tdb.url,
    REDIS_URL: testRedisUrl,
    PULSEBOARD_SECRET: 'a-test-secret-of-at-least-32-characters',
    PULSEBOARD_REDIS_PREFIX: prefix,
    PULSEBOARD_DEMO: 'off',
  });
  const rt = runtime();
  if (rt.redis.status !== 'ready') await once(rt.redis, 'ready'); // commands fail fast until connected
  await tdb.sql`insert into users (email, name, password_hash, role)
    values (${adminLogin.email}, 'Root', ${await hashPassword(adminLogin.password)}, 'admin')`;
  await tdb.sql`insert into sources (name) values ('default') on conflict do nothing`;
  admin = { kind: 'cookie', token: await logIn(adminLogin.email, adminLogin.password) };
  server = createServer();
  realtime = await attachRealtime(server, runtime());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  socketUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await realtime?.close();
  server.close();
  await runtime().queues.ingest.obliterate({ force: true });
  await closeRuntime();
  await tdb.drop();
});

describe('users', () => {
  it('an admin creates a user with a generated password shown once; it is stored as argon2id and not audited', async () => {
    const created = await callAs(usersRoute.POST, admin, {
      method: 'POST',
      body: { email: 'Op@Test', name: 'Op', role: 'operator' },
    });
    expect(created.status).toBe(201);
    const password = String(created.body?.password);
    expect(password).toMatch(/^[\w-]{16}$/);
    expect(created.body?.user).toMatchObject({ email: 'op@test', role: 'operator', disabled: false });
    expect(JSON.stringify(created.body?.user)).not.toMatch(/hash/i);
    const [row] = await tdb.sql<
      { password_hash: string }[]
    >`select password_hash from users where email = 'op@test'`;
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    await logIn('op@test', password);
    const list = await callAs(usersRoute.GET, admin);
    expect((list.body?.users as { email: string }[]).map((u) => u.email)).toEqual(['op@test', 'root@test']);
    const again = await callAs(usersRoute.POST, admin, { method: 'POST', body: { email: 'op@test' } });
    expect(again).toMatchObject({ status: 409, body: { error: { field: 'email' } } });
    const short = await callAs(usersRoute.POST, admin, {
      method: 'POST',
      body: { email: 'x@test', password: 'short' },
    });
    expect(short).toMatchObject({ status: 400, body: { error: { field: 'password' } } });
    const audit = await tdb.sql<
      { changes: unknown }[]
    >`select changes from audit_log where action = 'user.create'`;
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(password);
  });

  it('disabling a user ends their session (next request 401), their tokens, and refuses their next socket handshake', async () => {
    const created = await callAs(usersRoute.POST, admin, {
      method: 'POST',
      body: { email: 'leaver@test', role: 'operator', password: 'leaver-password-1' },
    });
    const id = String((created.body?.user as { id: string }).id);
    const cookie = await logIn('leaver@test', 'leaver-password-1');
    const token = await callAs(
      tokensRoute.POST,
      { kind: 'cookie', token: cookie },
      {
        method: 'POST',
        body: { name: 'script' },
      },
    );
    expect(token.status).toBe(201);
    const bearer: Credential = { kind: 'bearer', token: String(token.body?.token) };
    expect((await callAs(meRoute.GET, { kind: 'cookie', token: cookie })).status).toBe(200);
    expect((await callAs(meRoute.GET, bearer)).status).toBe(200);
    expect(await socketAccepted({ cookie })).toBe(true);

    const disabled = await callAs(userRoute.PATCH, admin, {
      method: 'PATCH',
      params: { id },
      body: { disabled: true },
    });
    expect(disabled).toMatchObject({ status: 200, body: { disabled: true, activeSessions: 0 } });
    expect((await callAs(meRoute.GET, { kind: 'cookie', token: cookie })).status).toBe(401);
    expect((await callAs(meRoute.GET, bearer)).status).toBe(401);
    expect(await socketAccepted({ cookie })).toBe(false);
    expect(await socketAccepted({ token: bearer.token })).toBe(false);
    const tokens = await tdb.sql`select 1 from api_tokens where user_id = ${id} and revoked_at is null`;
    expect(tokens).toHaveLength(0);
    // Disabled users cannot log in again; enabling lets them, with tokens still revoked.
    const refused = await sessionRoute.POST(
      new Request('http://127.0.0.1/api/v1/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'leaver@test', password: 'leaver-password-1' }),
      }),
      undefined,
    );
    expect(refused.status).toBe(401);
    const enabled = await callAs(userRoute.PATCH, admin, {
      method: 'PATCH',
      params: { id },
      body: { disabled: false },
    });
    expect(enabled.body).toMatchObject({ disabled: false });
    await logIn('leaver@test', 'leaver-password-1');
    expect((await callAs(meRoute.GET, bearer)).status).toBe(401);
    const [entry] = await tdb.sql<{ changes: Record<string, unknown> }[]>`
      select changes from audit_log where action = 'user.disable' and target_id = ${id}`;
    expect(entry?.changes).toMatchObject({
      email: 'leaver@test',
      disabled: { from: false, to: true },
      revokedSessions: 1,
      revokedTokens: 1,
    });
  });

  it('a role change applies to the next request of the same session and token', async () => {
    const created = await callAs(usersRoute.POST, admin, {
      method: 'POST',
      body: { email: 'promoted@test', role: 'viewer', password: 'promoted-password' },
    });
    const id = String((created.body?.user as { id: string }).id);
    const cookie: Credential = { kind: 'cookie', token: await logIn('promoted@test', 'promoted-password') };
    expect((await callAs(usersRoute.GET, cookie)).status).toBe(403);
    const changed = await callAs(userRoute.PATCH, admin, {
      method: 'PATCH',
      params: { id },
      body: { role: 'admin' },
    });
    expect(changed.body).toMatchObject({ role: 'admin' });
    expect((await callAs(usersRoute.GET, cookie)).status).toBe(200);
    // An admin cannot demote or disable themselves.
    const rootId = String(((await callAs(meRoute.GET, admin)).body as { id: string }).id);
    expect(
      await callAs(userRoute.PATCH, admin, {
        method: 'PATCH',
        params: { id: rootId },
        body: { role: 'viewer' },
      }),
    ).toMatchObject({ status: 409, body: { error: { field: 'role' } } });
    expect(
      await callAs(userRoute.PATCH, admin, {
        method: 'PATCH',
        params: { id: rootId },
        body: { disabled: true },
      }),
    ).toMatchObject({ status: 409, body: { error: { field: 'disabled' } } });
    const [entry] = await tdb.sql<{ changes: Record<string, unknown>; actor_email: string }[]>`
      select changes, actor_email from audit_log where action = 'user.update' and target_id = ${id}`;
    expect(entry).toMatchObject({
      actor_email: 'root@test',
      changes: { role: { from: 'viewer', to: 'admin' } },
    });
  });

  it('a password reset ends every session and personal token of that user; the old password stops working', async () => {
    const created = await callAs(usersRoute.POST, admin, {
      method: 'POST',
      body: { email: 'forgot@test', password: 'forgot-password-1' },
    });
    const id = String((created.body?.user as { id: string }).id);
    const cookie: Credential = { kind: 'cookie', token: await logIn('forgot@test', 'forgot-password-1') };
    const token = await callAs(tokensRoute.POST, cookie, { method: 'POST', body: { name: 'laptop' } });
    const bearer: Credential = { kind: 'bearer', token: String(token.body?.token) };
    expect((await callAs(meRoute.GET, bearer)).status).toBe(200);
    const reset = await callAs(resetRoute.POST, admin, { method: 'POST', params: { id }, body: {} });
    expect(reset.status).toBe(200);
    const generated = String(reset.body?.password);
    expect(generated).toHaveLength(16);
    expect((await callAs(meRoute.GET, cookie)).status).toBe(401);
    // A token minted by whoever held the old password stops with it.
    expect((await callAs(meRoute.GET, bearer)).status).toBe(401);
    expect(await socketAccepted({ token: bearer.token })).toBe(false);
    const fresh: Credential = { kind: 'cookie', token: await logIn('forgot@test', generated) };
    const tokens = await callAs(tokensRoute.GET, fresh);
    expect(
      (tokens.body?.tokens as { name: string; status: string }[]).map((t) => [t.name, t.status]),
    ).toEqual([['laptop', 'revoked']]);
    const audit = await tdb.sql`select changes from audit_log where action = 'user.reset_password'`;
    expect(JSON.stringify(audit)).not.toContain(generated);
    expect(audit[0]?.changes).toMatchObject({ revokedSessions: 1, revokedTokens: 1, password: 'generated' });
  });

  it('everyone changes their own password with the current one; other sessions and personal tokens end, this session stays; not with a token', async () => {
    await callAs(usersRoute.POST, admin, {
      method: 'POST',
      body: { email: 'self@test', password: 'self-password-one' },
    });
    const here: Credential = { kind: 'cookie', token: await logIn('self@test', 'self-password-one') };
    const elsewhere: Credential = { kind: 'cookie', token: await logIn('self@test', 'self-password-one') };
    const wrong = await callAs(passwordRoute.POST, here, {
      method: 'POST',
      body: { currentPassword: 'not-it', newPassword: 'self-password-two' },
    });
    expect(wrong).toMatchObject({ status: 400, body: { error: { field: 'currentPassword' } } });
    expect((await callAs(meRoute.GET, elsewhere)).status).toBe(200);
    const token = await callAs(tokensRoute.POST, here, { method: 'POST', body: { name: 'cli' } });
    const viaToken = await callAs(
      passwordRoute.POST,
      { kind: 'bearer', token: String(token.body?.token) },
      {
        method: 'POST',
        body: { currentPassword: 'self-password-one', newPassword: 'self-password-two' },
      },
    );
    expect(viaToken.status).toBe(403);
    const bearer: Credential = { kind: 'bearer', token: String(token.body?.token) };
    expect((await callAs(meRoute.GET, bearer)).status).toBe(200);
    const changed = await callAs(passwordRoute.POST, here, {
      method: 'POST',
      body: { currentPassword: 'self-password-one', newPassword: 'self-password-two' },
    });
    expect(changed).toMatchObject({ status: 200, body: { revokedSessions: 1, revokedTokens: 1 } });
    expect((await callAs(meRoute.GET, here)).status).toBe(200);
    expect((await callAs(meRoute.GET, elsewhere)).status).toBe(401);
    // The personal token made before the change no longer works, over HTTP or a socket.
    expect((await callAs(meRoute.GET, bearer)).status).toBe(401);
    expect(await socketAccepted({ token: bearer.token })).toBe(false);
    const audit = await tdb.sql`select changes from audit_log where action = 'user.change_password'`;
    expect(audit[0]?.changes).toMatchObject({ revokedSessions: 1, revokedTokens: 1 });
    await logIn('self@test', 'self-password-two');
  });
});

describe('personal API tokens', () => {
  it('are shown once, stored hashed, listed masked, act with the owner role, expire, and stop at revocation', async () => {
    await callAs(usersRoute.POST, admin, {
      method: 'POST',
      body: { email: 'scripter@test', role: 'operator', password: 'scripter-password' },
    });
    const cookie: Credential = { kind: 'cookie', token: await logIn('scripter@test', 'scripter-password') };
    const created = await callAs(tokensRoute.POST, cookie, { method: 'POST', body: { name: 'deploy bot' } });
    expect(created.status).toBe(201);
    const token = String(created.body?.token);
    expect(token).toMatch(/^pbt_/);
    const stored = await tdb.sql`select token_hash, prefix from api_tokens where name = 'deploy bot'`;
    expect(JSON.stringify(stored)).not.toContain(token);
    const bearer: Credential = { kind: 'bearer', token };
    const list = await callAs(tokensRoute.GET, bearer);
    expect(list.body?.tokens).toEqual([
      expect.objectContaining({ name: 'deploy bot', masked: `${token.slice(0, 8)}…`, status: 'active' }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain(token);
    // Tokens cannot mint tokens; they act with the owner's role (operator: no admin endpoints).
    expect((await callAs(tokensRoute.POST, bearer, { method: 'POST', body: { name: 'x' } })).status).toBe(
      403,
    );
    expect((await callAs(usersRoute.GET, bearer)).status).toBe(403);
    // Someone else's token id is not found; past expiry a token is refused.
    const rootTokens = await callAs(tokenRoute.DELETE, admin, {
      method: 'DELETE',
      params: { id: String(created.body?.id) },
    });
    expect(rootTokens.status).toBe(404);
    const past = await callAs(tokensRoute.POST, cookie, {
      method: 'POST',
      body: { name: 'old', expiresAt: '2001-01-01T00:00:00Z' },
    });
    expect(past).toMatchObject({ status: 400, body: { error: { field: 'expiresAt' } } });
    const soon = await callAs(tokensRoute.POST, cookie, {
      method: 'POST',
      body: { name: 'short-lived', expiresAt: new Date(Date.now() + 60_000).toISOString() },
    });
    expect((await callAs(meRoute.GET, { kind: 'bearer', token: String(soon.body?.token) })).status).toBe(200);
    await tdb.sql`update api_tokens set expires_at = now() - interval '1 second' where name = 'short-lived'`;
    expect((await callAs(meRoute.GET, { kind: 'bearer', token: String(soon.body?.token) })).status).toBe(401);
    const revoked = await callAs(tokenRoute.DELETE, cookie, {
      method: 'DELETE',
      params: { id: String(created.body?.id) },
    });
    expect(revoked.status).toBe(204);
    expect((await callAs(meRoute.GET, bearer)).status).toBe(401);
    const after = await callAs(tokensRoute.GET, cookie);
    expect((after.body?.tokens as { name: string; status: string }[]).map((t) => [t.name, t.status])).toEqual(
      [
        ['short-lived', 'expired'],
        ['deploy bot', 'revoked'],
      ],
    );
  });
});

describe('ingest keys', () => {
  it('a key is shown once and works; its rate limit and its revocation apply within the 5 s cache', async () => {
    const source = await callAs(sourcesRoute.POST, admin, { method: 'POST', body: { name: 'shop' } });
    expect(source.status).toBe(201);
    const created = await callAs(ingestKeysRoute.POST, admin, {
      method: 'POST',
      body: { name: 'shop web', source: 'shop' },
    });
    expect(created.status).toBe(201);
    const key = String(created.body?.key);
    const id = String(created.body?.id);
    expect(key).toMatch(/^pbk_/);
    const list = await callAs(ingestKeysRoute.GET, admin);
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(list.body?.ingestKeys).toEqual([
      expect.objectContaining({ id, masked: `${key.slice(0, 8)}…`, rateLimit: null }),
    ]);
    expect((await ingest(key, [{ id: 'a', type: 't' }])).status).toBe(202);

    const limited = await callAs(ingestKeyRoute.PATCH, admin, {
      method: 'PATCH',
      params: { id },
      body: { rateLimit: 3 },
    });
    expect(limited.body).toMatchObject({ rateLimit: 3 });
    const started = Date.now();
    let status = 202;
    let retryAfter: string | null = null;
    while (status === 202 && Date.now() - started < 7_000) {
      const r = await ingest(
        key,
        Array.from({ length: 4 }, (_, i) => ({ id: `r${i}`, type: 't' })),
      );
      status = r.status;
      retryAfter = r.headers.get('retry-after');
      if (status === 202) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(6_000);

    const revoked = await callAs(ingestKeyRoute.DELETE, admin, { method: 'DELETE', params: { id } });
    expect(revoked.status).toBe(204);
    const revokedAt = Date.now();
    let last = 0;
    while (Date.now() - revokedAt < 7_000) {
      last = (await ingest(key, [{ id: `x${Date.now()}`, type: 't' }])).status;
      if (last === 401) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(last).toBe(401);
    const tookMs = Date.now() - revokedAt;
    expect(tookMs).toBeLessThanOrEqual(5_500);
    console.log(`ingest key revocation effective after ${tookMs} ms`);
    expect(
      await callAs(ingestKeyRoute.PATCH, admin, { method: 'PATCH', params: { id }, body: { rateLimit: 9 } }),
    ).toMatchObject({
      status: 409,
    });
    const bad = await callAs(ingestKeysRoute.POST, admin, {
      method: 'POST',
      body: { name: 'x', source: 'nope' },
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { field: 'source' } } });
    const audit = await tdb.sql<{ action: string; changes: unknown }[]>`
      select action, changes from audit_log where target_type = 'ingest_key' order by id`;
    expect(audit.map((a) => a.action)).toEqual([
      'ingest_key.create',
      'ingest_key.update',
      'ingest_key.revoke',
    ]);
    expect(audit[1]?.changes).toMatchObject({ rateLimit: { from: null, to: 3 } });
    expect(JSON.stringify(audit)).not.toContain(key);
  });
});

describe('audit log API', () => {
  it('admins read it newest first with actor, action, target, before and limit filters; others get 403', async () => {
    const all = await callAs(auditRoute.GET, admin, { path: 'audit?limit=500' });
    expect(all.status).toBe(200);
    const entries = all.body?.entries as {
      id: string;
      at: string;
      action: string;
      actorEmail: string;
      targetId: string;
    }[];
    expect(entries.length).toBeGreaterThan(10);
    const ids = entries.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const byAction = await callAs(auditRoute.GET, admin, { path: 'audit?action=ingest_key' });
    expect((byAction.body?.entries as { action: string }[]).map((e) => e.action)).toEqual([
      'ingest_key.revoke',
      'ingest_key.update',
      'ingest_key.create',
    ]);
    const exact = await callAs(auditRoute.GET, admin, { path: 'audit?action=user.disable' });
    expect((exact.body?.entries as unknown[]).length).toBe(1);
    const byActor = await callAs(auditRoute.GET, admin, { path: 'audit?actor=scripter@test' });
    expect(new Set((byActor.body?.entries as { action: string }[]).map((e) => e.action))).toEqual(
      new Set(['session.login', 'token.create', 'token.revoke']),
    );
    const target = entries.find((e) => e.action === 'user.disable')?.targetId ?? '';
    const byTarget = await callAs(auditRoute.GET, admin, { path: `audit?target=user:${target}` });
    // Logins are audited too: the disabled user's refused one among them.
    expect((byTarget.body?.entries as { action: string }[]).map((e) => e.action)).toEqual([
      'session.login',
      'user.enable',
      'session.login_failed',
      'user.disable',
      'session.login',
      'user.create',
    ]);
    const page1 = await callAs(auditRoute.GET, admin, { path: 'audit?limit=2' });
    const page2 = await callAs(auditRoute.GET, admin, {
      path: `audit?limit=2&before=${String(page1.body?.nextBefore)}`,
    });
    expect(
      [...(page1.body?.entries as { id: string }[]), ...(page2.body?.entries as { id: string }[])].map(
        (e) => e.id,
      ),
    ).toEqual(entries.slice(0, 4).map((e) => e.id));
    expect(await callAs(auditRoute.GET, admin, { path: 'audit?limit=0' })).toMatchObject({
      status: 400,
      body: { error: { field: 'limit' } },
    });
    const viewer = await callAs(usersRoute.POST, admin, {
      method: 'POST',
      body: { email: 'watcher@test', password: 'watcher-password' },
    });
    expect(viewer.status).toBe(201);
    const watcher: Credential = { kind: 'cookie', token: await logIn('watcher@test', 'watcher-password') };
    expect((await callAs(auditRoute.GET, watcher)).status).toBe(403);
    expect((await callAs(auditRoute.GET, { kind: 'anonymous' })).status).toBe(401);
    // No secret in any audit entry: no password, hash or token material.
    const raw = JSON.stringify(await tdb.sql`select changes from audit_log`);
    expect(raw).not.toMatch(/argon2|pbt_[\w-]{20}|pbk_[\w-]{20}|-password/);
  });
});

describe('admin guards', () => {
  /** Resolves true once the socket is dropped by the server, false when it is still connected after `ms`. */
  async function droppedWithin(cookie: string, act: () => Promise<unknown>, ms: number): Promise<boolean> {
    const socket = connect(socketUrl, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: `pb_session=${cookie}` },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', resolve);
        socket.on('connect_error', reject);
      });
      const dropped = new Promise<boolean>((resolve) => {
        socket.on('disconnect', () => resolve(true));
        setTimeout(() => resolve(false), ms);
      });
      await act();
      return await dropped;
    } finally {
      socket.disconnect();
    }
  }

  async function newUser(email: string, role: 'viewer' | 'admin', password: string): Promise<string> {
    const created = await callAs(usersRoute.POST, admin, { method: 'POST', body: { email, role, password } });
    expect(created.status).toBe(201);
    return String((created.body?.user as { id: string }).id);
  }

  it('a user id in upper case names the same user: no self-demotion with it, and disabling or resetting with it drops that user’s sockets', async () => {
    const rootId = String(((await callAs(meRoute.GET, admin)).body as { id: string }).id);
    const own = rootId.toUpperCase();
    expect(
      await callAs(userRoute.PATCH, admin, {
        method: 'PATCH',
        params: { id: own },
        body: { role: 'viewer' },
      }),
    ).toMatchObject({ status: 409, body: { error: { field: 'role' } } });
    expect(
      await callAs(userRoute.PATCH, admin, {
        method: 'PATCH',
        params: { id: own },
        body: { disabled: true },
      }),
    ).toMatchObject({ status: 409, body: { error: { field: 'disabled' } } });
    const [root] = await tdb.sql<{ role: string; disabled_at: Date | null }[]>`
      select role, disabled_at from users where id = ${rootId}`;
    expect(root).toEqual({ role: 'admin', disabled_at: null });
    expect(await callAs(userRoute.GET, admin, { params: { id: own } })).toMatchObject({
      status: 200,
      body: { id: rootId },
    });

    const leaverId = await newUser('upper-leaver@test', 'viewer', 'upper-leaver-pass');
    const leaver = await logIn('upper-leaver@test', 'upper-leaver-pass');
    const disable = () =>
      callAs(userRoute.PATCH, admin, {
        method: 'PATCH',
        params: { id: leaverId.toUpperCase() },
        body: { disabled: true },
      });
    expect(await droppedWithin(leaver, disable, 1_500)).toBe(true);

    const forgotId = await newUser('upper-forgot@test', 'viewer', 'upper-forgot-pass');
    const forgot = await logIn('upper-forgot@test', 'upper-forgot-pass');
    const reset = () =>
      callAs(resetRoute.POST, admin, { method: 'POST', params: { id: forgotId.toUpperCase() }, body: {} });
    expect(await droppedWithin(forgot, reset, 1_500)).toBe(true);
  });

  it('an admin cannot reset their own password through the Users API, with a session or a token, in any spelling', async () => {
    const rootId = String(((await callAs(meRoute.GET, admin)).body as { id: string }).id);
    const minted = await callAs(tokensRoute.POST, admin, { method: 'POST', body: { name: 'leaky' } });
    const bearer: Credential = { kind: 'bearer', token: String(minted.body?.token) };
    for (const [credential, id] of [
      [admin, rootId],
      [bearer, rootId],
      [bearer, rootId.toUpperCase()],
    ] as const) {
      const refused = await callAs(resetRoute.POST, credential, {
        method: 'POST',
        params: { id },
        body: { password: 'chosen-by-attacker-1' },
      });
      expect(refused.status).toBe(409);
      expect(JSON.stringify(refused.body)).toMatch(/your own password/);
    }
    // Nothing changed: the session and token still work, the old password still signs in.
    expect((await callAs(meRoute.GET, admin)).status).toBe(200);
    expect((await callAs(meRoute.GET, bearer)).status).toBe(200);
    await logIn(adminLogin.email, adminLogin.password);
    const audit =
      await tdb.sql`select 1 from audit_log where action = 'user.reset_password' and target_id = ${rootId}`;
    expect(audit).toHaveLength(0);
  });

  it.each([{ role: 'viewer' }, { disabled: true }])(
    'two admins changing each other at once with %o: one succeeds, the other gets 409, an enabled admin remains',
    async (change) => {
      const tag = 'disabled' in change ? 'disable' : 'demote';
      const firstId = await newUser(`${tag}-a@test`, 'admin', 'admin-a-password');
      const secondId = await newUser(`${tag}-b@test`, 'admin', 'admin-b-password');
      const first: Credential = { kind: 'cookie', token: await logIn(`${tag}-a@test`, 'admin-a-password') };
      const second: Credential = { kind: 'cookie', token: await logIn(`${tag}-b@test`, 'admin-b-password') };
      // Only these two are admins, as in a console with two.
      const others = await tdb.sql<{ id: string }[]>`
        update users set role = 'operator'
        where role = 'admin' and id not in (${firstId}, ${secondId}) returning id`;
      try {
        // Both requests pass their role check and then wait on the rows this transaction holds, so they
        // run their transactions at the same moment.
        let both: ReturnType<typeof callAs>[] = [];
        await tdb.sql.begin(async (hold) => {
          await hold`select 1 from users where id in (${firstId}, ${secondId}) for update`;
          both = [
            callAs(userRoute.PATCH, first, { method: 'PATCH', params: { id: secondId }, body: change }),
            callAs(userRoute.PATCH, second, { method: 'PATCH', params: { id: firstId }, body: change }),
          ];
          // Until both wait on those rows (a fixed sleep raced a slow role check on a busy machine).
          await expect
            .poll(
              async () =>
                (
                  await tdb.sql<{ n: number }[]>`
                    select count(*)::int as n from pg_stat_activity
                    where datname = current_database() and wait_event_type = 'Lock'`
                )[0]?.n,
              { timeout: 10_000, interval: 20 },
            )
            .toBeGreaterThanOrEqual(2);
        });
        const replies = await Promise.all(both);
        expect(replies.map((r) => r.status).sort(), JSON.stringify(replies.map((r) => r.body))).toEqual([
          200, 409,
        ]);
        const refused = replies.find((r) => r.status === 409);
        expect(JSON.stringify(refused?.body)).toMatch(/admin/);
        const admins = await tdb.sql`select id from users where role = 'admin' and disabled_at is null`;
        expect(admins).toHaveLength(1);
      } finally {
        await tdb.sql`update users set role = 'admin' where id in ${tdb.sql(others.map((o) => o.id))}`;
      }
    },
  );
});
