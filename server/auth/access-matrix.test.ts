import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, sha256 } from '@/core/auth/hashing';
import type { Role } from '@/contracts/roles';
import { createSession } from '@/core/auth/sessions';
import { closeRuntime, runtime } from '@/server/runtime';
import { callAs, type Credential, type Handler } from '@/test/helpers/api-calls';
import { discoverRoutes, mutationMethods } from '@/test/api-routes';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';

/**
 * The access matrix: EVERY mutation route under app/api/v1 (found on disk, so a new route without an
 * entry here fails) × every kind of caller → the status class it must get. The real handlers run
 * against a real database; roles are enforced by the services, whatever the UI shows.
 */

type Method = (typeof mutationMethods)[number];

/** Who may call: a role (that role or above), the caller's own browser session, an ingest key, anyone. */
/** `signed`: no session at all; a signature over the body authenticates it (webhooks from other services). */
type Need = Role | 'session' | 'ingest' | 'public' | 'signed';
type Entry = { need: Need; body?: () => unknown };

const callers = [
  'anonymous',
  'ingest key',
  'viewer cookie',
  'operator cookie',
  'admin cookie',
  'viewer token',
  'operator token',
  'admin token',
] as const;
type Caller = (typeof callers)[number];
type Outcome = '401' | '403' | 'ok';

const unique = () => `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();
const threshold = () => ({
  name: `matrix ${unique()}`,
  kind: 'threshold',
  metric: 'events',
  window: '1m',
  params: { op: '>', value: 1 },
});

/**
 * Each entry's body is valid, so the caller's identity decides the answer (ids in paths are unknown
 * UUIDs: a permitted caller gets 404, a refused one 401/403). 'ok' means anything but 401/403/5xx.
 */
const matrix: Record<string, Entry> = {
  'POST /api/v1/events': { need: 'ingest', body: () => ({ id: unique(), type: 'matrix' }) },
  'POST /api/v1/session': {
    need: 'public',
    body: () => ({ email: 'viewer@matrix', password: 'viewer-password-1' }),
  },
  'DELETE /api/v1/session': { need: 'public' },
  'POST /api/v1/incidents/[id]/ack': { need: 'operator', body: () => ({}) },
  'POST /api/v1/incidents/[id]/resolve': { need: 'operator', body: () => ({}) },
  'POST /api/v1/incidents/[id]/comments': { need: 'operator', body: () => ({ text: 'looking' }) },
  'POST /api/v1/incidents/[id]/assign': { need: 'operator', body: () => ({ userId: null }) },
  'POST /api/v1/silences': {
    need: 'operator',
    body: () => ({ matchers: { labels: { team: 'matrix' } }, endsAt: inAnHour(), comment: 'matrix' }),
  },
  'PATCH /api/v1/silences/[id]': { need: 'operator', body: () => ({ comment: 'longer' }) },
  'DELETE /api/v1/silences/[id]': { need: 'operator' },
  'POST /api/v1/rules/backtest': {
    need: 'operator',
    body: () => ({
      rule: threshold(),
      from: new Date(Date.now() - 3600_000).toISOString(),
      to: new Date().toISOString(),
    }),
  },
  'POST /api/v1/rules': { need: 'admin', body: threshold },
  'PATCH /api/v1/rules/[id]': { need: 'admin', body: () => ({ enabled: false }) },
  'DELETE /api/v1/rules/[id]': { need: 'admin' },
  'POST /api/v1/metrics': {
    need: 'admin',
    body: () => ({ name: unique(), eventTypes: ['matrix'], aggregation: 'count' }),
  },
  'PATCH /api/v1/metrics/[name]': { need: 'admin', body: () => ({ description: 'changed' }) },
  'DELETE /api/v1/metrics/[name]': { need: 'admin' },
  'POST /api/v1/maintenance-windows': {
    need: 'admin',
    body: () => ({ name: unique(), startsAt: new Date().toISOString(), endsAt: inAnHour() }),
  },
  'PATCH /api/v1/maintenance-windows/[id]': { need: 'admin', body: () => ({ name: 'renamed' }) },
  'DELETE /api/v1/maintenance-windows/[id]': { need: 'admin' },
  'POST /api/v1/surge-rules': {
    need: 'admin',
    body: () => ({
      name: unique(),
      demandMetric: 'events',
      supplyMetric: 'events',
      tiers: [{ ratio: 1.5, multiplier: 1.2 }],
      severity: 'warning',
    }),
  },
  'POST /api/v1/surge-rules/backtest': {
    need: 'operator',
    body: () => ({
      rule: {
        name: unique(),
        demandMetric: 'events',
        supplyMetric: 'events',
        tiers: [{ ratio: 1.5, multiplier: 1.2 }],
      },
      from: new Date(Date.now() - 3600_000).toISOString(),
      to: new Date().toISOString(),
    }),
  },
  'PATCH /api/v1/surge-rules/[id]': { need: 'admin', body: () => ({ enabled: false }) },
  'DELETE /api/v1/surge-rules/[id]': { need: 'admin' },
  'POST /api/v1/users': {
    need: 'admin',
    body: () => ({ email: `${unique()}@matrix`, password: 'a-long-password' }),
  },
  'PATCH /api/v1/users/[id]': { need: 'admin', body: () => ({ name: 'renamed' }) },
  'POST /api/v1/users/[id]/reset-password': { need: 'admin', body: () => ({}) },
  'PATCH /api/v1/users/me': { need: 'viewer', body: () => ({ timeZone: 'UTC' }) },
  'POST /api/v1/users/me/password': {
    need: 'session',
    body: () => ({ currentPassword: 'not-the-password', newPassword: 'another-long-password' }),
  },
  'POST /api/v1/tokens': { need: 'session', body: () => ({ name: 'matrix' }) },
  'DELETE /api/v1/tokens/[id]': { need: 'viewer' },
  'POST /api/v1/ingest-keys': { need: 'admin', body: () => ({ name: 'matrix', source: 'default' }) },
  'PATCH /api/v1/ingest-keys/[id]': { need: 'admin', body: () => ({ rateLimit: 10 }) },
  'DELETE /api/v1/ingest-keys/[id]': { need: 'admin' },
  'POST /api/v1/sources': { need: 'admin', body: () => ({ name: unique() }) },
  // A loopback target: an admin gets 400 (private targets are refused here), the others 401/403 first.
  'POST /api/v1/channels': {
    need: 'admin',
    body: () => ({ name: unique(), type: 'webhook', config: { url: 'https://127.0.0.1/hook' } }),
  },
  'PATCH /api/v1/channels/[id]': { need: 'admin', body: () => ({ enabled: false }) },
  'DELETE /api/v1/channels/[id]': { need: 'admin' },
  'POST /api/v1/channels/[id]/test': { need: 'admin', body: () => ({}) },
  'POST /api/v1/notification-policies': {
    need: 'admin',
    body: () => ({ name: unique(), steps: [{ afterMinutes: 0, channelIds: [randomUUID()] }] }),
  },
  'PATCH /api/v1/notification-policies/[id]': { need: 'admin', body: () => ({ enabled: false }) },
  'DELETE /api/v1/notification-policies/[id]': { need: 'admin' },
  'POST /api/v1/deliveries/[id]/resend': { need: 'operator', body: () => ({}) },
  // Everyone arranges their own overview; only admins set the team default.
  'PUT /api/v1/overview-layout': {
    need: 'viewer',
    body: () => ({ kpis: ['events-per-second'], charts: ['events-by-type'] }),
  },
  'DELETE /api/v1/overview-layout': { need: 'viewer' },
  'PUT /api/v1/overview-layout/team': {
    need: 'admin',
    body: () => ({ kpis: ['events-per-second'], charts: ['events-by-type'] }),
  },
  // The PagerDuty signature is its authentication; called for a real channel with a secret, so cookies,
  // tokens and keys all meet the signature check and get 401.
  'POST /api/v1/integrations/pagerduty/[channelId]': { need: 'signed', body: () => ({}) },
};

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** The outcome the matrix demands for one caller of one endpoint. */
function expected(need: Need, caller: Caller): Outcome {
  if (need === 'public') return 'ok';
  if (need === 'signed') return '401'; // a real channel's route: no cookie, token or key replaces the signature
  if (need === 'ingest') return caller === 'ingest key' ? 'ok' : '401';
  if (caller === 'anonymous' || caller === 'ingest key') return '401';
  const [role, via] = caller.split(' ') as [Role, 'cookie' | 'token'];
  if (need === 'session') return via === 'cookie' ? 'ok' : '403';
  return rank[role] >= rank[need] ? 'ok' : '403';
}

function outcome(status: number): Outcome | `unexpected ${number}` {
  if (status === 401) return '401';
  if (status === 403) return '403';
  if ((status >= 200 && status < 300) || [400, 404, 409].includes(status)) return 'ok';
  return `unexpected ${status}`;
}

let tdb: TestDatabase;
let routes: Map<string, Handler>;
const tokens = {} as Record<Role, string>;
const userIds = {} as Record<Role, string>;
const ingestKey = 'pbk_matrix_ingest_key_0123456789';
/** A real PagerDuty channel with a webhook secret, so its inbound route checks the signature. */
let pagerDutyChannelId = '';

async function credential(caller: Caller): Promise<Credential> {
  if (caller === 'anonymous') return { kind: 'anonymous' };
  if (caller === 'ingest key') return { kind: 'bearer', token: ingestKey };
  const [role, via] = caller.split(' ') as [Role, 'cookie' | 'token'];
  if (via === 'token') return { kind: 'bearer', token: tokens[role] };
  // A fresh session per call: logout or a password change must not sign later cells out.
  return { kind: 'cookie', token: (await createSession(tdb.db, userIds[role])).token };
}

function call(key: string, credential: Credential) {
  const [method, urlPath] = key.split(' ') as [Method, string];
  const params = Object.fromEntries(
    [...urlPath.matchAll(/\[(\w+)\]/g)].map(([, name]) => [
      name,
      name === 'id'
        ? '00000000-0000-4000-8000-000000000000'
        : name === 'channelId'
          ? pagerDutyChannelId
          : 'no_such_metric',
    ]),
  ) as Record<string, string>;
  const handler = routes.get(key);
  if (!handler) throw new Error(`no handler for ${key}`);
  return callAs(handler, credential, {
    method,
    path: urlPath.slice('/api/v1/'.length),
    params,
    body: matrix[key]?.body?.(),
  });
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
  const passwordHash = await hashPassword('viewer-password-1');
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    const [row] = await tdb.sql<{ id: string }[]>`
      insert into users (email, name, password_hash, role) values (${`${role}@matrix`}, ${role}, ${passwordHash}, ${role})
      returning id`;
    userIds[role] = row!.id;
    tokens[role] = `pbt_matrix_${role}_token_0123456789`;
    await tdb.sql`insert into api_tokens (user_id, name, token_hash, prefix)
      values (${row!.id}, 'matrix', ${sha256(tokens[role])}, 'pbt_matr')`;
  }
  await tdb.sql`insert into sources (name) values ('default') on conflict do nothing`;
  await tdb.sql`insert into metrics (name, event_types, aggregation, built_in) values ('events', '{}', 'count', true)
    on conflict do nothing`;
  await tdb.sql`insert into ingest_keys (source, name, key_hash, prefix)
    values ('default', 'matrix', ${sha256(ingestKey)}, 'pbk_matr')`;
  routes = await discoverRoutes(mutationMethods);
  const channels = routes.get('POST /api/v1/channels');
  if (channels) {
    const created = await callAs(
      channels,
      { kind: 'bearer', token: tokens.admin },
      {
        method: 'POST',
        body: {
          name: 'matrix pager',
          type: 'pagerduty',
          config: { routingKey: 'a'.repeat(32), webhookSecret: 'matrix-webhook-secret' },
        },
      },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    pagerDutyChannelId = String(created.body?.id);
  }
}, 120_000);

afterAll(async () => {
  await runtime().queues.ingest.obliterate({ force: true });
  await closeRuntime();
  await tdb.drop();
});

describe('access matrix', () => {
  it('lists every mutation route on disk, and nothing that is not there', () => {
    expect(
      [...routes.keys()].filter((k) => !(k in matrix)),
      'routes without a matrix entry',
    ).toEqual([]);
    expect(
      Object.keys(matrix).filter((k) => !routes.has(k)),
      'matrix entries without a route',
    ).toEqual([]);
    expect(routes.size).toBeGreaterThanOrEqual(30);
  });

  it('each endpoint × anonymous / ingest key / viewer / operator / admin by cookie and by token gets its status class', async () => {
    const wrong: string[] = [];
    let cells = 0;
    for (const key of Object.keys(matrix).sort()) {
      if (!routes.has(key)) continue;
      for (const caller of callers) {
        const want = expected(matrix[key]!.need, caller);
        const response = await call(key, await credential(caller));
        const got = outcome(response.status);
        cells += 1;
        if (got !== want)
          wrong.push(
            `${key} as ${caller}: want ${want}, got ${response.status} ${JSON.stringify(response.body)}`,
          );
      }
    }
    expect(wrong).toEqual([]);
    expect(cells).toBe(Object.keys(matrix).length * callers.length);
  }, 180_000);

  it('a cookie mutation from another origin, or without Origin, is refused with 403 (bearer calls are exempt)', async () => {
    const wrong: string[] = [];
    for (const key of Object.keys(matrix).sort()) {
      const need = matrix[key]!.need;
      if (!routes.has(key) || need === 'ingest' || need === 'signed') continue;
      const session = (await createSession(tdb.db, userIds.admin)).token;
      const foreign = await call(key, { kind: 'cookie', token: session, origin: 'https://evil.example' });
      if (foreign.status !== 403) wrong.push(`${key} cross-origin: got ${foreign.status}`);
      if (need === 'public') continue; // login and logout carry no ambient authority without a cookie
      const bare = await call(key, { kind: 'cookie', token: session, origin: null });
      if (bare.status !== 403) wrong.push(`${key} without Origin: got ${bare.status}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
