import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sessionRoute from '@/app/api/v1/session/route';
import * as passwordRoute from '@/app/api/v1/users/me/password/route';
import { hashPassword } from '@/core/auth/hashing';
import { createSession } from '@/core/auth/sessions';
import {
  clientAddressHeader,
  resolveClientAddress,
  stampClientAddress,
  type TrustedProxies,
} from '@/lib/http/client-address';
import { passwordThrottle } from '@/core/auth/password-throttle';
import { webEnvSchema } from '@/server/env';
import { runtime } from '@/server/runtime';
import { createWorld, type HostileWorld } from './fixture';

/**
 * Login throttle (issue 16, point 2) through real sockets: each case sends from its own loopback
 * address (the whole 127.0.0.0/8 is this machine), through the custom server's address stamping, to
 * the real route handlers. An attacker elsewhere must not lock a user out, a forged X-Forwarded-For
 * must not dodge the limit, and concurrent guesses must not overrun it.
 */

let world: HostileWorld;
const servers: Server[] = [];
let direct = 0;
let behindProxy = 0;
const password = 'the-right-password-1';

/** A server wired like server/index.ts: stamp the client address, then hand the request to the app. */
async function startServer(trusted: TrustedProxies): Promise<number> {
  const server = createServer((req, res) => {
    stampClientAddress(req, trusted);
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(name, value);
        else if (Array.isArray(value)) headers.set(name, value.join(', '));
      }
      const handler = req.url === '/api/v1/users/me/password' ? passwordRoute.POST : sessionRoute.POST;
      const response = await handler(
        new Request(`http://${req.headers.host}${req.url}`, {
          method: req.method,
          headers,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        }),
        { params: Promise.resolve({}) as Promise<never> },
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

type Reply = { status: number; retryAfter: string | undefined; body: string };

/** A POST over a fresh connection from `from` (a loopback address), as a browser or script would send it. */
function post(
  port: number,
  path: string,
  from: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...headers,
        },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const logIn = (port: number, from: string, email: string, pw: string, headers?: Record<string, string>) =>
  post(port, '/api/v1/session', from, { email, password: pw }, headers);

async function createUser(email: string): Promise<string> {
  const [row] = await world.tdb.sql<{ id: string }[]>`
    insert into users (email, name, password_hash, role)
    values (${email}, ${email}, ${await hashPassword(password)}, 'viewer') returning id`;
  return row!.id;
}

async function loginAudit(email: string) {
  return world.tdb.sql<{ action: string; actor_id: string | null; changes: Record<string, unknown> }[]>`
    select action, actor_id, changes from audit_log
    where actor_email = ${email} and action like 'session.%' order by id`;
}

beforeAll(async () => {
  world = await createWorld();
  // The default (no trusted proxies), read the way server/index.ts reads it.
  direct = await startServer(runtime().env.PULSEBOARD_TRUSTED_PROXIES);
  behindProxy = await startServer(webEnvSchema.shape.PULSEBOARD_TRUSTED_PROXIES.parse('127.0.0.5/32, ::1'));
}, 60_000);

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await world?.close();
});

describe('login throttle', () => {
  it("a user's own login succeeds from another address after 30 failures elsewhere", async () => {
    await createUser('victim@login');
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push((await logIn(direct, '127.0.0.2', 'victim@login', `guess-${i}`)).status);
    // The attacker's address is slowed: after the account+address budget every try is refused unevaluated.
    const limit = passwordThrottle.accountAddress.points;
    expect(statuses.slice(0, limit)).toEqual(Array(limit).fill(401));
    expect(statuses.slice(limit)).toEqual(Array(30 - limit).fill(429));
    const blocked = await logIn(direct, '127.0.0.2', 'victim@login', password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);

    const own = await logIn(direct, '127.0.0.3', 'victim@login', password);
    expect(own.status, own.body).toBe(200);
  });

  it('spraying many e-mails from one address with a forged X-Forwarded-For each is throttled within 20 tries', async () => {
    const replies: Reply[] = [];
    for (let i = 0; i < 25; i++) {
      replies.push(
        await logIn(direct, '127.0.0.4', `spray-${i}@login`, 'Winter2026!', {
          'x-forwarded-for': `203.0.113.${i}`,
        }),
      );
    }
    const first429 = replies.findIndex((r) => r.status === 429);
    expect(first429, replies.map((r) => r.status).join(' ')).toBeGreaterThanOrEqual(0);
    expect(first429).toBeLessThan(20);
    expect(first429).toBe(passwordThrottle.address.points);
    expect(replies.slice(first429).every((r) => r.status === 429 && Number(r.retryAfter) > 0)).toBe(true);
    // Another address is not affected.
    expect((await logIn(direct, '127.0.0.40', 'spray-0@login', 'Winter2026!')).status).toBe(401);
  });

  it('40 concurrent wrong guesses at one account: no more are evaluated than the limit', async () => {
    await createUser('concurrent@login');
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        logIn(direct, '127.0.0.6', 'concurrent@login', `guess-${i}`, {
          'x-forwarded-for': `198.51.100.${i}`,
        }),
      ),
    );
    const evaluated = replies.filter((r) => r.status !== 429);
    expect(evaluated.every((r) => r.status === 401)).toBe(true);
    expect(evaluated.length).toBeLessThanOrEqual(passwordThrottle.accountAddress.points);
    expect(replies.filter((r) => r.status === 429).every((r) => Number(r.retryAfter) > 0)).toBe(true);
    const failures = (await loginAudit('concurrent@login')).filter(
      (r) => r.action === 'session.login_failed',
    );
    expect(failures).toHaveLength(evaluated.length);
  }, 60_000);

  it('X-Forwarded-For names the client only when the peer is a trusted proxy; a client-sent address header is replaced', async () => {
    await createUser('proxied@login');
    // Through the trusted proxy (127.0.0.5): the client is the right-most untrusted hop, not the forged left.
    for (let i = 0; i < passwordThrottle.accountAddress.points; i++) {
      const r = await logIn(behindProxy, '127.0.0.5', 'proxied@login', 'wrong', {
        'x-forwarded-for': `6.6.6.${i}, 192.0.2.7`,
      });
      expect(r.status).toBe(401);
    }
    expect(
      (await logIn(behindProxy, '127.0.0.5', 'proxied@login', password, { 'x-forwarded-for': '192.0.2.7' }))
        .status,
    ).toBe(429);
    // Another client behind the same proxy still signs in.
    expect(
      (await logIn(behindProxy, '127.0.0.5', 'proxied@login', password, { 'x-forwarded-for': '192.0.2.8' }))
        .status,
    ).toBe(200);
    const audit = await loginAudit('proxied@login');
    expect(audit[0]?.changes.clientAddress).toBe('192.0.2.7');
    expect(audit.at(-1)).toMatchObject({ action: 'session.login', changes: { clientAddress: '192.0.2.8' } });

    // From a peer that is not trusted, the same header (and a forged private header) is ignored.
    await logIn(behindProxy, '127.0.0.8', 'proxied@login', 'wrong', {
      'x-forwarded-for': '192.0.2.9',
      [clientAddressHeader]: '192.0.2.10',
    });
    await logIn(direct, '127.0.0.8', 'proxied@login', 'wrong', { 'x-forwarded-for': '192.0.2.9' });
    const last = (await loginAudit('proxied@login')).slice(-2);
    expect(last.map((r) => r.changes.clientAddress)).toEqual(['127.0.0.8', '127.0.0.8']);
  });

  it('resolves addresses: IPv4-mapped IPv6 is IPv4, proxies chain, garbage stops the walk', () => {
    const trusted = webEnvSchema.shape.PULSEBOARD_TRUSTED_PROXIES.parse('10.0.0.0/8,fd00::/8');
    expect(resolveClientAddress('::ffff:127.0.0.2', '1.2.3.4', [])).toBe('127.0.0.2');
    expect(resolveClientAddress('::ffff:10.0.0.1', '1.2.3.4, 10.1.1.1', trusted)).toBe('1.2.3.4');
    expect(resolveClientAddress('fd00::1', '9.9.9.9, 2001:db8::1', trusted)).toBe('2001:db8::1');
    expect(resolveClientAddress('10.0.0.1', 'not-an-address, 10.2.2.2', trusted)).toBe('10.2.2.2');
    expect(resolveClientAddress('10.0.0.1', undefined, trusted)).toBe('10.0.0.1');
    expect(resolveClientAddress('10.0.0.1', '[2001:db8::2]:4711', trusted)).toBe('2001:db8::2');
    expect(resolveClientAddress(undefined, '1.2.3.4', trusted)).toBe('unknown');
    const bad = webEnvSchema.shape.PULSEBOARD_TRUSTED_PROXIES.safeParse('10.0.0.0/33, proxy.local');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(
      /PULSEBOARD_TRUSTED_PROXIES.*10\.0\.0\.0\/33, proxy\.local/,
    );
  });

  it("a password change's current-password check is throttled the same way, per address", async () => {
    const userId = await createUser('changer@login');
    const cookie = (await createSession(world.tdb.db, userId)).token;
    const change = (from: string, currentPassword: string) =>
      post(
        direct,
        '/api/v1/users/me/password',
        from,
        { currentPassword, newPassword: 'a-brand-new-password-2' },
        { cookie: `pb_session=${cookie}`, origin: `http://127.0.0.1:${direct}` },
      );
    for (let i = 0; i < passwordThrottle.accountAddress.points; i++) {
      expect((await change('127.0.0.9', `guess-${i}`)).status).toBe(400);
    }
    const refused = await change('127.0.0.9', password);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    const elsewhere = await change('127.0.0.10', password);
    expect(elsewhere.status, elsewhere.body).toBe(200);
  });

  it('successful and failed logins are in the audit log with the client address, never the password', async () => {
    const id = await createUser('audited@login');
    expect((await logIn(direct, '127.0.0.11', 'audited@login', 'wrong-password-here')).status).toBe(401);
    expect((await logIn(direct, '127.0.0.11', 'nobody@login', 'wrong-password-here')).status).toBe(401);
    expect((await logIn(direct, '127.0.0.11', 'audited@login', password)).status).toBe(200);
    expect(await loginAudit('audited@login')).toEqual([
      {
        action: 'session.login_failed',
        actor_id: id,
        changes: { clientAddress: '127.0.0.11', reason: 'wrong_password' },
      },
      { action: 'session.login', actor_id: id, changes: { clientAddress: '127.0.0.11' } },
    ]);
    expect(await loginAudit('nobody@login')).toEqual([
      {
        action: 'session.login_failed',
        actor_id: null,
        changes: { clientAddress: '127.0.0.11', reason: 'unknown_email' },
      },
    ]);
    const leaked = await world.tdb.sql`
      select 1 from audit_log where changes::text like '%wrong-password-here%' or changes::text like ${`%${password}%`}`;
    expect(leaked).toHaveLength(0);
  });
});
