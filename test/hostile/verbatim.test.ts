import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMethods, discoverRoutes, fillPath } from '@/test/api-routes';
import type { Handler } from '@/test/helpers/api-calls';
import { createWorld, send, type Answer, type HostileWorld } from './fixture';

/**
 * Valid but nasty text (SQL, markup, RTL and zero-width characters, emoji, Slack and template syntax) is
 * accepted wherever free text is, stored verbatim and answered verbatim (JSON-escaped, with nosniff):
 * escaping is the renderer's job (React, lib/notifications), never a reason to refuse or alter input.
 */

const nasty = [
  "Robert'); DROP TABLE rules;-- <script>alert(1)</script>",
  '\u202eevil\u202c zero\u200bwidth 🦄👩‍👩‍👧 *bold* <@U123> <!channel> &amp; {{7*7}}',
  '<img src=x onerror=alert(1)> " \' ` %s ${x} \\ مرحبا',
];

let world: HostileWorld;
let routes: Map<string, Handler>;
let cookie = '';

beforeAll(async () => {
  world = await createWorld();
  routes = await discoverRoutes(allMethods);
  cookie = await world.adminCookie();
}, 60_000);

afterAll(async () => {
  await world?.close();
});

async function call(key: string, body?: unknown, params: Record<string, string> = {}): Promise<Answer> {
  const handler = routes.get(key);
  if (!handler) throw new Error(`no handler for ${key}`);
  return send(
    handler,
    { cookie },
    {
      method: key.split(' ')[0]!,
      path: fillPath(key, params),
      params,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    },
  );
}

/** Whether some string in an answer is exactly `text`. */
function holds(value: unknown, text: string): boolean {
  if (typeof value === 'string') return value === text;
  if (Array.isArray(value)) return value.some((v) => holds(v, text));
  if (value && typeof value === 'object') return Object.values(value).some((v) => holds(v, text));
  return false;
}

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

/** Each resource with free text: how to create one holding `text`, and where to read it back. */
const resources: {
  what: string;
  create: (text: string, i: number) => [string, unknown, Record<string, string>?];
  read: (id: string, created: Answer) => [string, Record<string, string>];
}[] = [
  {
    what: 'rule name and description',
    create: (text) => [
      'POST /api/v1/rules',
      { name: text, description: text, kind: 'threshold', metric: 'events', params: { op: '>', value: 1 } },
    ],
    read: (id) => ['GET /api/v1/rules/[id]', { id }],
  },
  {
    what: 'silence comment',
    create: (text) => [
      'POST /api/v1/silences',
      { matchers: { labels: { team: text.slice(0, 200) } }, endsAt: inAnHour(), comment: text },
    ],
    read: (id) => ['GET /api/v1/silences/[id]', { id }],
  },
  {
    what: 'maintenance window name',
    create: (text) => [
      'POST /api/v1/maintenance-windows',
      { name: text, startsAt: new Date().toISOString(), endsAt: inAnHour() },
    ],
    read: (id) => ['GET /api/v1/maintenance-windows/[id]', { id }],
  },
  {
    what: 'surge rule name',
    create: (text) => [
      'POST /api/v1/surge-rules',
      { name: text, demandMetric: 'events', supplyMetric: 'events', tiers: [{ ratio: 2, multiplier: 1.5 }] },
    ],
    read: (id) => ['GET /api/v1/surge-rules/[id]', { id }],
  },
  {
    what: 'channel name',
    create: (text) => [
      'POST /api/v1/channels',
      { name: text, type: 'webhook', config: { url: 'https://hooks.example.com/x' } },
    ],
    read: (id) => ['GET /api/v1/channels/[id]', { id }],
  },
  {
    what: 'user name',
    create: (text, i) => [
      'POST /api/v1/users',
      { email: `nasty${i}@hostile`, name: text, password: 'a-long-password-1' },
    ],
    read: (id) => ['GET /api/v1/users/[id]', { id }],
  },
  {
    what: 'token name',
    create: (text) => ['POST /api/v1/tokens', { name: text.slice(0, 100) }],
    read: () => ['GET /api/v1/tokens', {}],
  },
  {
    what: 'ingest key name',
    create: (text) => ['POST /api/v1/ingest-keys', { name: text.slice(0, 100), source: 'default' }],
    read: () => ['GET /api/v1/ingest-keys', {}],
  },
  {
    what: 'metric description',
    create: (text, i) => [
      'POST /api/v1/metrics',
      { name: `nasty_${i}`, description: text, eventTypes: ['t'] },
    ],
    read: (_, created) => ['GET /api/v1/metrics/[name]', { name: String(created.body.name) }],
  },
  {
    what: 'source description',
    create: (text, i) => ['POST /api/v1/sources', { name: `nasty-${i}`, description: text }],
    read: () => ['GET /api/v1/sources', {}],
  },
];

describe('valid but nasty text is stored and answered verbatim', () => {
  it.each(resources)('$what', async ({ create, read }) => {
    for (const [i, text] of nasty.entries()) {
      const [key, body, params] = create(text, i);
      const created = await call(key, body, params);
      expect(created.status, `${key}: ${created.text.slice(0, 300)}`).toBe(201);
      const sent =
        key === 'POST /api/v1/tokens' || key === 'POST /api/v1/ingest-keys' ? text.slice(0, 100) : text;
      expect(holds(created.body, sent), `${key} answers it verbatim: ${created.text.slice(0, 300)}`).toBe(
        true,
      );
      const answered = created.body as { id?: string; user?: { id?: string } };
      const id = String(answered.id ?? answered.user?.id ?? '');
      const [readKey, readParams] = read(id, created);
      const got = await call(readKey, undefined, readParams);
      expect(got.status, `${readKey}: ${got.text.slice(0, 300)}`).toBe(200);
      expect(got.headers.get('content-type')).toMatch(/^application\/json/);
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(holds(got.body, sent), `${readKey} gives it back verbatim`).toBe(true);
    }
  });

  it('incident comments and acknowledgement notes', async () => {
    const [incident] = await world.tdb.sql<{ id: string }[]>`
      insert into incidents (rule_name, series_key, series, severity, title, opened_at, dedup_key)
      values (${nasty[0]!}, '', '{}', 'critical', ${nasty[0]!}, now(), 'pulseboard-nasty')
      returning id`;
    const params = { id: incident!.id };
    for (const text of nasty) {
      const commented = await call('POST /api/v1/incidents/[id]/comments', { text }, params);
      expect(commented.status, commented.text.slice(0, 300)).toBeLessThan(300);
    }
    const acked = await call('POST /api/v1/incidents/[id]/ack', { note: nasty[1] }, params);
    expect(acked.status, acked.text.slice(0, 300)).toBe(200);
    const got = await call('GET /api/v1/incidents/[id]', undefined, params);
    expect(got.status).toBe(200);
    for (const text of nasty) expect(holds(got.body, text), `comment ${JSON.stringify(text)}`).toBe(true);
    expect(holds(got.body, nasty[0]!), 'rule name').toBe(true);
  });
});
