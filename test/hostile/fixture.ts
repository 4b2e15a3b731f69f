import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { hashPassword, sha256 } from '@/core/auth/hashing';
import { createSession } from '@/core/auth/sessions';
import { closeRuntime, runtime } from '@/server/runtime';
import { testOrigin, type Handler } from '@/test/helpers/api-calls';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';

/** One hostile-suite world: its own database and Redis prefix, an admin, and an ingest key. */
export type HostileWorld = {
  tdb: TestDatabase;
  adminId: string;
  adminToken: string;
  /** A fresh admin session per call (a password change or logout must not sign later cases out). */
  adminCookie: () => Promise<string>;
  ingestKey: string;
  close: () => Promise<void>;
};

export const adminPassword = 'hostile-admin-password-1';

/** `allowPrivateTargets` (default on, for local receivers): PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS. */
export async function createWorld({ allowPrivateTargets = true } = {}): Promise<HostileWorld> {
  const tdb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: tdb.url,
    REDIS_URL: testRedisUrl,
    PULSEBOARD_SECRET: 'a-test-secret-of-at-least-32-characters',
    PULSEBOARD_REDIS_PREFIX: testRedisPrefix(),
    PULSEBOARD_DEMO: 'off',
    PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS: allowPrivateTargets ? 'on' : 'off',
  });
  const rt = runtime();
  if (rt.redis.status !== 'ready') await once(rt.redis, 'ready');
  const [admin] = await tdb.sql<{ id: string }[]>`
    insert into users (email, name, password_hash, role)
    values ('admin@hostile', 'admin', ${await hashPassword(adminPassword)}, 'admin') returning id`;
  const adminToken = 'pbt_hostile_admin_token_0123456789';
  await tdb.sql`insert into api_tokens (user_id, name, token_hash, prefix)
    values (${admin!.id}, 'hostile', ${sha256(adminToken)}, 'pbt_host')`;
  const ingestKey = 'pbk_hostile_ingest_key_0123456789';
  await tdb.sql`insert into sources (name) values ('default') on conflict do nothing`;
  await tdb.sql`insert into metrics (name, event_types, aggregation, built_in, dimensions, default_group_by)
    values ('events', '{}', 'count', true, '["type","source"]', '["type"]') on conflict do nothing`;
  await tdb.sql`insert into ingest_keys (source, name, key_hash, prefix)
    values ('default', 'hostile', ${sha256(ingestKey)}, 'pbk_host')`;
  return {
    tdb,
    adminId: admin!.id,
    adminToken,
    adminCookie: async () => (await createSession(tdb.db, admin!.id)).token,
    ingestKey,
    async close() {
      await runtime().queues.ingest.obliterate({ force: true });
      await closeRuntime();
      await tdb.drop();
    },
  };
}

/** How a hostile request authenticates: the admin's session cookie, an ingest key, or a PagerDuty signature. */
export type Auth = { cookie: string } | { bearer: string } | { pagerDutySecret: string } | null;

export type RawRequest = {
  method: string;
  path: string;
  params?: Record<string, string>;
  /** The raw body; a value other than a string or bytes is sent as JSON. */
  body?: string | Uint8Array | { json: unknown };
  contentType?: string | null;
  query?: string;
  /** Headers sent as they are, after the ones `auth` sets (a hostile cookie or Authorization). */
  headers?: Record<string, string>;
};

export type Answer = {
  status: number;
  text: string;
  body: { error?: { code?: string; message?: string; field?: string } } & Record<string, unknown>;
  headers: Headers;
};

/** Calls a real route handler with exactly the bytes and headers given (no JSON.stringify on the way). */
export async function send(handler: Handler, auth: Auth, request: RawRequest): Promise<Answer> {
  const headers: Record<string, string> = {};
  let body: string | Uint8Array | undefined;
  if (request.body !== undefined) {
    body =
      typeof request.body === 'string' || request.body instanceof Uint8Array
        ? request.body
        : JSON.stringify(request.body.json);
    if (request.contentType !== null) headers['content-type'] = request.contentType ?? 'application/json';
  }
  if (auth && 'cookie' in auth) {
    headers.cookie = `pb_session=${auth.cookie}`;
    headers.origin = testOrigin;
  }
  if (auth && 'bearer' in auth) headers.authorization = `Bearer ${auth.bearer}`;
  Object.assign(headers, request.headers);
  if (auth && 'pagerDutySecret' in auth) {
    const raw = body === undefined ? '' : Buffer.from(body).toString('utf8');
    headers['x-pagerduty-signature'] =
      `v1=${createHmac('sha256', auth.pagerDutySecret).update(raw).digest('hex')}`;
  }
  const url = `${testOrigin}/api/v1/${request.path}${request.query ? `?${request.query}` : ''}`;
  const response = await handler(
    new Request(url, { method: request.method, headers, body: body as BodyInit | undefined }),
    {
      params: Promise.resolve(request.params ?? {}) as Promise<never>,
    },
  );
  const text = await response.text();
  let parsed: Answer['body'] = {};
  try {
    parsed = text ? (JSON.parse(text) as Answer['body']) : {};
  } catch {
    parsed = { unparsable: text.slice(0, 200) };
  }
  return { status: response.status, text, body: parsed, headers: response.headers };
}
