import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMethods, apiRoot, discoverRoutes, fillPath, pathParamNames } from '@/test/api-routes';
import { changedTables, snapshotTables, type TableSnapshot } from '@/test/db-snapshot';
import type { Handler } from '@/test/helpers/api-calls';
import { adminPassword, createWorld, send, type Answer, type Auth, type HostileWorld } from './fixture';

/**
 * Hostile and broken input against every public endpoint (issue 8): each mutation route gets broken
 * bodies and broken values in each of its fields, each route with a path parameter hostile ids, each
 * route with a query schema hostile query values, all as an admin so the answer is about the input.
 * Invalid input must get a 4xx that names the field or problem, and leave every table as it was.
 */

const hour = 3600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const nil = '00000000-0000-4000-8000-000000000000';

/** Ids of real rows, so a body reaches its validation rather than a 404. */
type Ids = Record<'rule' | 'silence' | 'window' | 'surge' | 'user' | 'key' | 'channel' | 'policy', string>;

/** A valid body per mutation route; `null`: the route reads no body (only its ids are attacked). */
const validBodies: Record<string, (ids: Ids) => Record<string, unknown> | null> = {
  'POST /api/v1/events': () => ({
    id: 'e1',
    type: 'page_view',
    ts: iso(-60_000),
    dedupKey: 'order-1',
    user: 'u1',
    value: 1,
    text: 'hello',
    props: { zone: 'a', n: 2, ok: true },
  }),
  'POST /api/v1/session': () => ({ email: 'admin@hostile', password: adminPassword }),
  'DELETE /api/v1/session': () => null,
  'POST /api/v1/incidents/[id]/ack': () => ({ note: 'on it' }),
  'POST /api/v1/incidents/[id]/resolve': () => ({ note: 'fixed' }),
  'POST /api/v1/incidents/[id]/comments': () => ({ text: 'looking' }),
  'POST /api/v1/incidents/[id]/assign': (ids) => ({ userId: ids.user }),
  'POST /api/v1/silences': (ids) => ({
    matchers: { ruleId: ids.rule, labels: { team: 'core' } },
    startsAt: iso(0),
    endsAt: iso(hour),
    comment: 'deploy',
  }),
  'PATCH /api/v1/silences/[id]': () => ({ comment: 'longer', endsAt: iso(2 * hour) }),
  'DELETE /api/v1/silences/[id]': () => null,
  'POST /api/v1/rules/backtest': () => ({
    rule: { name: 'draft', kind: 'threshold', metric: 'events', window: '1m', params: { op: '>', value: 1 } },
    from: iso(-hour),
    to: iso(0),
  }),
  'POST /api/v1/rules': () => ({
    name: 'high traffic',
    description: 'too many events',
    kind: 'threshold',
    metric: 'events',
    window: '1m',
    pendingSeconds: 30,
    labels: { team: 'core' },
    runbookUrl: 'https://runbooks.example.com/high',
    params: { op: '>', value: 100 },
  }),
  'PATCH /api/v1/rules/[id]': () => ({ name: 'renamed', pendingSeconds: 60, enabled: false }),
  'DELETE /api/v1/rules/[id]': () => null,
  'POST /api/v1/metrics': () => ({
    name: 'checkout_value',
    description: 'sum of checkouts',
    eventTypes: ['checkout'],
    aggregation: 'sum',
    valueField: 'value',
    unit: 'EUR',
  }),
  'PATCH /api/v1/metrics/[name]': () => ({ description: 'changed', unit: 'ms' }),
  'DELETE /api/v1/metrics/[name]': () => null,
  'POST /api/v1/maintenance-windows': () => ({
    name: 'nightly',
    timeZone: 'Europe/Paris',
    startsAt: iso(0),
    endsAt: iso(hour),
  }),
  'PATCH /api/v1/maintenance-windows/[id]': () => ({ name: 'renamed', enabled: false }),
  'DELETE /api/v1/maintenance-windows/[id]': () => null,
  'POST /api/v1/surge-rules': () => ({
    name: 'downtown',
    demandMetric: 'events',
    supplyMetric: 'events',
    tiers: [{ ratio: 1.5, multiplier: 1.2 }],
    cap: 3,
    holdSeconds: 60,
    severity: 'warning',
  }),
  'POST /api/v1/surge-rules/backtest': () => ({
    rule: {
      name: 'draft',
      demandMetric: 'events',
      supplyMetric: 'events',
      tiers: [{ ratio: 1.5, multiplier: 1.2 }],
    },
    from: iso(-hour),
    to: iso(0),
  }),
  'PATCH /api/v1/surge-rules/[id]': () => ({ name: 'uptown', holdSeconds: 30, enabled: false }),
  'DELETE /api/v1/surge-rules/[id]': () => null,
  'POST /api/v1/users': () => ({
    email: 'new@hostile',
    name: 'New Person',
    role: 'operator',
    password: 'a-long-password-1',
  }),
  'PATCH /api/v1/users/[id]': () => ({ name: 'renamed', role: 'viewer', disabled: false }),
  'POST /api/v1/users/[id]/reset-password': () => ({ password: 'another-long-password' }),
  'PATCH /api/v1/users/me': () => ({ timeZone: 'Europe/Berlin' }),
  'POST /api/v1/users/me/password': () => ({
    currentPassword: adminPassword,
    newPassword: 'a-new-long-password',
  }),
  'POST /api/v1/tokens': () => ({ name: 'script', expiresAt: iso(24 * hour) }),
  'DELETE /api/v1/tokens/[id]': () => null,
  'POST /api/v1/ingest-keys': () => ({ name: 'shop', source: 'default', rateLimit: 100, canBackfill: false }),
  'PATCH /api/v1/ingest-keys/[id]': () => ({ name: 'renamed', rateLimit: 10 }),
  'DELETE /api/v1/ingest-keys/[id]': () => null,
  'POST /api/v1/sources': () => ({ name: 'shop', description: 'the web shop' }),
  'POST /api/v1/channels': () => ({
    name: 'hook',
    type: 'webhook',
    config: { url: 'https://hooks.example.com/x' },
  }),
  'PATCH /api/v1/channels/[id]': () => ({ name: 'renamed', enabled: false }),
  'DELETE /api/v1/channels/[id]': () => null,
  'POST /api/v1/channels/[id]/test': () => null,
  'POST /api/v1/notification-policies': (ids) => ({
    name: 'on call',
    match: { severities: ['critical'], labels: { team: 'core' } },
    steps: [{ afterMinutes: 0, channelIds: [ids.channel] }],
    repeatMinutes: 30,
  }),
  'PATCH /api/v1/notification-policies/[id]': () => ({ name: 'renamed', repeatMinutes: 60 }),
  'DELETE /api/v1/notification-policies/[id]': () => null,
  'POST /api/v1/deliveries/[id]/resend': () => null,
  'PUT /api/v1/overview-layout': () => ({ kpis: ['events-per-second'], charts: ['events-by-type'] }),
  'DELETE /api/v1/overview-layout': () => null,
  'PUT /api/v1/overview-layout/team': () => ({ kpis: ['events-per-second'], charts: ['events-by-type'] }),
  'POST /api/v1/integrations/pagerduty/[channelId]': () => ({
    event: {
      id: 'ev1',
      event_type: 'incident.acknowledged',
      occurred_at: iso(0),
      data: { id: 'Q1', incident_key: 'none' },
    },
  }),
};

/** Which real row a route's `[id]` names; routes of incidents, tokens and deliveries use an unknown id. */
function paramsFor(key: string, ids: Ids): Record<string, string> {
  const resource = key.split('/')[3] ?? '';
  const byResource: Record<string, string | undefined> = {
    rules: ids.rule,
    silences: ids.silence,
    'maintenance-windows': ids.window,
    'surge-rules': ids.surge,
    users: ids.user,
    'ingest-keys': ids.key,
    channels: ids.channel,
    'notification-policies': ids.policy,
  };
  return Object.fromEntries(
    pathParamNames(key).map((name) => [
      name,
      name === 'name' ? 'events' : name === 'channelId' ? ids.channel : (byResource[resource] ?? nil),
    ]),
  );
}

let world: HostileWorld;
let mutations: Map<string, Handler>;
let all: Map<string, Handler>;
let ids: Ids;
/** One admin session for every case: a session made per call would itself be a write. */
let adminCookie = '';
const pagerDutySecret = 'hostile-webhook-secret';

function authFor(key: string, cookie: string): Auth {
  if (key === 'POST /api/v1/events') return { bearer: world.ingestKey };
  if (key.startsWith('POST /api/v1/integrations/pagerduty/')) return { pagerDutySecret };
  return { cookie };
}

async function call(
  key: string,
  options: {
    body?: string | Uint8Array;
    contentType?: string | null;
    params?: Record<string, string>;
    query?: string;
  },
): Promise<Answer> {
  const [method] = key.split(' ') as [string];
  const params = options.params ?? paramsFor(key, ids);
  const handler = all.get(key);
  if (!handler) throw new Error(`no handler for ${key}`);
  return send(handler, authFor(key, adminCookie), {
    method,
    path: fillPath(key, params),
    params,
    body: options.body,
    contentType: options.contentType,
    query: options.query,
  });
}

async function create(key: string, body: unknown): Promise<string> {
  const answer = await call(key, { body: JSON.stringify(body), params: {} });
  expect(answer.status, `${key}: ${answer.text}`).toBeLessThan(300);
  const created = answer.body as { id?: string; key?: { id?: string }; user?: { id?: string } };
  return String(created.id ?? created.key?.id ?? created.user?.id);
}

beforeAll(async () => {
  world = await createWorld();
  adminCookie = await world.adminCookie();
  all = await discoverRoutes(allMethods);
  mutations = await discoverRoutes();
  ids = { rule: '', silence: '', window: '', surge: '', user: '', key: '', channel: '', policy: '' };
  ids.rule = await create('POST /api/v1/rules', validBodies['POST /api/v1/rules']!(ids));
  ids.silence = await create('POST /api/v1/silences', validBodies['POST /api/v1/silences']!(ids));
  ids.window = await create('POST /api/v1/maintenance-windows', {
    name: 'w',
    startsAt: iso(0),
    endsAt: iso(hour),
  });
  ids.surge = await create('POST /api/v1/surge-rules', validBodies['POST /api/v1/surge-rules']!(ids));
  ids.user = await create('POST /api/v1/users', { email: 'viewer@hostile', password: 'viewer-password-1' });
  ids.key = await create('POST /api/v1/ingest-keys', { name: 'k', source: 'default' });
  ids.channel = await create('POST /api/v1/channels', {
    name: 'pager',
    type: 'pagerduty',
    config: { routingKey: 'a'.repeat(32), webhookSecret: pagerDutySecret },
  });
  ids.policy = await create(
    'POST /api/v1/notification-policies',
    validBodies['POST /api/v1/notification-policies']!(ids),
  );
}, 120_000);

afterAll(async () => {
  await world?.close();
});

/** JSON text with placeholders swapped for what JSON.stringify cannot write (Infinity as 1e999). */
const rawNumbers: Record<string, string> = { '"\\u0001INF"': '1e999', '"\\u0001-INF"': '-1e999' };
function rawJson(value: unknown): string {
  let text = JSON.stringify(value);
  for (const [placeholder, raw] of Object.entries(rawNumbers)) text = text.split(placeholder).join(raw);
  return text;
}

const looksLikeDate = (v: string) => /^\d{4}-\d{2}-\d{2}T/.test(v);

type FieldCase = { what: string; value: unknown };

/** Broken values for one field, chosen by the kind of its valid value. */
function brokenValues(valid: unknown): FieldCase[] {
  const common: FieldCase[] = [
    { what: 'an object where a scalar belongs', value: { $gt: '' } },
    { what: 'a deeply nested value', value: nested(2000) },
  ];
  if (typeof valid === 'string') {
    const cases: FieldCase[] = [
      { what: 'a NUL byte', value: `a\u0000b` },
      { what: 'a lone surrogate', value: `a\ud800b` },
      { what: '100,000 characters', value: 'x'.repeat(100_000) },
      ...common,
    ];
    if (looksLikeDate(valid))
      cases.push(
        { what: 'February 30th', value: '2026-02-30T00:00:00Z' },
        { what: 'month 13', value: '2026-13-01T00:00:00Z' },
        { what: 'beyond the Date range', value: '+275760-09-13T00:00:00.001Z' },
        { what: 'a word', value: 'yesterday' },
        // PostgreSQL's timestamptz has no year 0 and nothing past 9999 that JS writes back as ISO text.
        { what: 'year 0000', value: '0000-01-01T00:00:00Z' },
        { what: 'a negative year', value: '-000001-01-01T00:00:00Z' },
        { what: 'year 10000', value: '+010000-01-01T00:00:00Z' },
        { what: 'year 10000 once at UTC', value: '9999-12-31T23:59:59-01:00' },
      );
    return cases;
  }
  if (typeof valid === 'number')
    return [
      { what: 'Infinity (1e999)', value: '\u0001INF' },
      { what: '-Infinity (-1e999)', value: '\u0001-INF' },
      { what: 'the string NaN', value: 'NaN' },
      ...common,
    ];
  if (typeof valid === 'boolean') return [{ what: 'the string "true"', value: 'true' }, ...common];
  if (Array.isArray(valid))
    return [
      {
        what: '10,001 elements',
        value: Array.from({ length: 10_001 }, (): unknown => (valid as unknown[])[0] ?? 'x'),
      },
      { what: 'a string where a list belongs', value: 'x' },
    ];
  if (valid && typeof valid === 'object')
    return [
      { what: 'a NUL byte in a key', value: { 'a\u0000b': 'x' } },
      { what: 'a deeply nested value', value: nested(2000) },
      { what: 'a string where an object belongs', value: 'x' },
    ];
  return [];
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Every field path of a valid body (objects entered, lists through their first element). */
function fieldPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = prefix.length ? [prefix] : [];
  if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'object')
    paths.push(...fieldPaths(value[0], [...prefix, 0]));
  else if (value && typeof value === 'object' && !Array.isArray(value))
    for (const [k, v] of Object.entries(value)) paths.push(...fieldPaths(v, [...prefix, k]));
  return paths;
}

function withField(body: unknown, fieldPath: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let at = copy;
  for (const step of fieldPath.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
  at[fieldPath[fieldPath.length - 1]!] = value;
  return copy;
}

function getField(body: unknown, fieldPath: (string | number)[]): unknown {
  let at = body;
  for (const step of fieldPath) at = (at as Record<string | number, unknown>)[step];
  return at;
}

type BodyCase = {
  what: string;
  body: string | Uint8Array;
  contentType?: string | null;
  status: number;
  field?: string;
  /** The exact message, where the contract fixes it. */
  message?: string;
};

const fiveMbPlusOne = 5 * 1024 * 1024 + 1;
const notAnObject = 'body must be a JSON object';

/** Broken bodies any JSON endpoint must refuse, with the status and the field the answer names. */
function brokenBodies(valid: Record<string, unknown>): BodyCase[] {
  const text = JSON.stringify(valid);
  return [
    { what: 'malformed JSON', body: '{"name": ', status: 400, field: 'body' },
    { what: 'a NaN literal', body: text.replace(/}$/, ',"x":NaN}'), status: 400, field: 'body' },
    { what: 'trailing garbage', body: `${text} {}`, status: 400, field: 'body' },
    { what: 'a JSON array', body: '[]', status: 400, field: 'body', message: notAnObject },
    { what: 'a JSON string', body: '"text"', status: 400, field: 'body', message: notAnObject },
    { what: 'JSON null', body: 'null', status: 400, field: 'body', message: notAnObject },
    { what: 'a JSON number', body: '5', status: 400, field: 'body', message: notAnObject },
    {
      what: 'invalid UTF-8',
      body: Buffer.concat([Buffer.from(text.slice(0, -1)), Buffer.from(',"x":"\xff\xfe"}', 'latin1')]),
      status: 400,
      field: 'body',
    },
    { what: 'text/plain', body: text, contentType: 'text/plain', status: 415, field: 'content-type' },
    {
      what: 'a form',
      body: 'name=x',
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
      field: 'content-type',
    },
    { what: 'no content type', body: text, contentType: null, status: 415, field: 'content-type' },
    {
      what: '5 MB + 1',
      body: text + ' '.repeat(Math.max(0, fiveMbPlusOne - text.length)),
      status: 413,
      field: 'body',
    },
    {
      what: '100,000 nested arrays',
      body: `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      status: 400,
    },
  ];
}

/** A 4xx whose JSON error names the field (or, for body-wide problems, the problem). */
function checkRefusal(answer: Answer, status: number | 'any4xx', field: string | undefined): string | null {
  const ok4xx = answer.status >= 400 && answer.status < 500;
  if (status === 'any4xx' ? !ok4xx : answer.status !== status)
    return `status ${answer.status} ${answer.text.slice(0, 300)}`;
  const error = answer.body.error;
  if (!error?.message || !error.code) return `no {error:{code,message}} in ${answer.text.slice(0, 300)}`;
  if (field !== undefined && !(error.field ?? '').startsWith(field) && !error.message.includes(field))
    return `error names ${error.field ?? '(no field)'}: ${error.message}, not ${field}`;
  return null;
}

/**
 * PagerDuty's receiver checks the signature over the bytes, whatever their content type; a signed body
 * it cannot read is refused naming the body or what it expected (a V3 webhook event).
 */
function pagerDutyBodyProblem(c: BodyCase, answer: Answer): string | null {
  if (c.status === 415)
    return answer.status < 500 ? null : `status ${answer.status} ${answer.text.slice(0, 300)}`;
  return checkRefusal(answer, c.status, undefined);
}

/** What is wrong with the answer to a broken field, or null; two endpoints have their own contract. */
function fieldCaseProblem(key: string, field: string, c: FieldCase, answer: Answer): string | null {
  if (key === 'POST /api/v1/events') {
    const accepted = answer.status === 202 ? null : `status ${answer.status} ${answer.text.slice(0, 300)}`;
    // The contract truncates an event's text at 10,000 characters rather than refusing it.
    if (field === 'text' && c.what === '100,000 characters') return accepted;
    // A prop may be any short string, whatever it says.
    if (field.startsWith('props.') && ['the string NaN', 'the string "true"'].includes(c.what))
      return accepted;
    // One event refused: 400 with its rejection, which names the field.
    const rejected = (answer.body.rejected as { field?: string }[] | undefined)?.[0]?.field;
    if (answer.status !== 400) return `status ${answer.status} ${answer.text.slice(0, 300)}`;
    const named = rejected ?? answer.body.error?.field ?? '';
    return named.startsWith(field.split('.')[0]!) ? null : `names ${named}, not ${field}`;
  }
  if (key.startsWith('POST /api/v1/integrations/pagerduty/')) {
    // A signed webhook PagerDuty sends is acknowledged even when it is about nothing Pulseboard knows
    // (a non-2xx makes PagerDuty retry and, in the end, disable the subscription): never a 5xx.
    return answer.status < 500 ? null : `status ${answer.status} ${answer.text.slice(0, 300)}`;
  }
  return checkRefusal(answer, 'any4xx', field);
}

/**
 * Checks that a route's invalid requests wrote nothing: one snapshot before and one after the route's
 * cases (a snapshot per case doubled the suite's time); a write names the cases that were not refused.
 */
class WriteWatch {
  private before: TableSnapshot = {};
  private accepted: string[] = [];
  constructor(private readonly wrong: string[]) {}
  async start(): Promise<void> {
    this.before = await snapshotTables(world.tdb.sql);
    this.accepted = [];
  }
  /** Notes a case; one that was not refused is the likely writer. */
  saw(what: string, answer: Answer): void {
    if (answer.status < 400) this.accepted.push(what);
  }
  async check(key: string): Promise<void> {
    const after = await snapshotTables(world.tdb.sql);
    const changed = changedTables(this.before, after);
    if (changed.length)
      this.wrong.push(
        `${key} wrote ${changed.join(', ')}; not refused: ${this.accepted.join('; ') || 'none'}`,
      );
    this.before = after;
    this.accepted = [];
  }
}

/** Only ingest answers with a queue: a refused ingest request must not enqueue a job either. */
async function jobCount(): Promise<number> {
  const { runtime } = await import('@/server/runtime');
  const counts = await runtime().queues.ingest.getJobCounts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

describe('hostile input against every endpoint', () => {
  it('has a valid body (or none) for every mutation route on disk', () => {
    expect(
      [...mutations.keys()].filter((k) => !(k in validBodies)),
      'routes without an entry',
    ).toEqual([]);
    expect(
      Object.keys(validBodies).filter((k) => !mutations.has(k)),
      'entries without a route',
    ).toEqual([]);
  });

  /** Requests sent, and the routes they went to, per kind of case: the table's dimensions. */
  const cells = new Map<string, { requests: number; routes: Set<string> }>();
  const tally = (kind: string, key: string) => {
    const cell = cells.get(kind) ?? { requests: 0, routes: new Set<string>() };
    cell.requests += 1;
    cell.routes.add(key);
    cells.set(kind, cell);
  };

  it('broken bodies: 4xx naming the problem, nothing written', async () => {
    const wrong: string[] = [];
    const watch = new WriteWatch(wrong);
    await watch.start();
    const jobsBefore = await jobCount();
    for (const key of [...mutations.keys()].sort()) {
      const valid = validBodies[key]!(ids);
      if (!valid) continue;
      for (const c of brokenBodies(valid)) {
        const answer = await call(key, { body: c.body, contentType: c.contentType });
        tally('bodies', key);
        const problem = key.startsWith('POST /api/v1/integrations/pagerduty/')
          ? pagerDutyBodyProblem(c, answer)
          : key === 'POST /api/v1/events' && c.message
            ? // Ingest takes one event as a body: a scalar is an event that is not an object, named so.
              checkRefusal(answer, c.status, undefined)
            : (checkRefusal(answer, c.status, c.field) ??
              (c.message && answer.body.error?.message !== c.message
                ? `says ${answer.body.error?.message}, not ${c.message}`
                : null));
        if (problem) wrong.push(`${key} with ${c.what}: ${problem}`);
        watch.saw(c.what, answer);
      }
      await watch.check(key);
    }
    expect(await jobCount(), 'refused ingest requests enqueue nothing').toBe(jobsBefore);
    expect(wrong).toEqual([]);
  }, 120_000);

  it('broken values in every field: 4xx naming the field, nothing written', async () => {
    const wrong: string[] = [];
    const watch = new WriteWatch(wrong);
    await watch.start();
    for (const key of [...mutations.keys()].sort()) {
      const valid = validBodies[key]!(ids);
      if (!valid) continue;
      for (const fieldPath of fieldPaths(valid)) {
        for (const c of brokenValues(getField(valid, fieldPath))) {
          const body = rawJson(withField(valid, fieldPath, c.value));
          const answer = await call(key, { body });
          tally('fields', key);
          const field = fieldPath.join('.');
          const problem = fieldCaseProblem(key, field, c, answer);
          if (problem) wrong.push(`${key} ${field} = ${c.what}: ${problem}`);
          watch.saw(`${field} = ${c.what}`, answer);
        }
      }
      await watch.check(key);
    }
    expect(wrong).toEqual([]);
  }, 180_000);

  it('a __proto__ key is refused by name (zod would drop it unseen), and pollutes nothing', async () => {
    const wrong: string[] = [];
    const watch = new WriteWatch(wrong);
    await watch.start();
    for (const key of [...mutations.keys()].sort()) {
      const valid = validBodies[key]!(ids);
      if (!valid) continue;
      for (const at of fieldPaths(valid)
        .filter((p) => isPlainObject(getField(valid, p)))
        .concat([[]])) {
        // JSON text, since an object literal's __proto__ would set the prototype rather than a key.
        const inner = JSON.stringify(at.length ? getField(valid, at) : valid).replace(
          /^\{/,
          '{"__proto__":{"polluted":true,"role":"admin"},',
        );
        const text = at.length
          ? rawJson(withField(valid, at, '\u0001INNER')).replace('"\\u0001INNER"', inner)
          : inner;
        const answer = await call(key, { body: text });
        tally('__proto__', key);
        const field = [...at, '__proto__'].join('.');
        // PagerDuty's receiver reads only the fields it knows from a signed body.
        const problem = key.startsWith('POST /api/v1/integrations/pagerduty/')
          ? answer.status < 500
            ? null
            : `status ${answer.status}`
          : key === 'POST /api/v1/events'
            ? fieldCaseProblem(key, field, { what: '__proto__', value: null }, answer)
            : checkRefusal(answer, 400, field);
        if (problem) wrong.push(`${key} ${field}: ${problem}`);
        if (({} as Record<string, unknown>).polluted !== undefined)
          wrong.push(`${key} polluted Object.prototype`);
        watch.saw(field, answer);
      }
      await watch.check(key);
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  const hostileCredentials: [string, Record<string, string>][] = [
    ['a cookie that is not percent-encoding', { cookie: 'pb_session=%E0%A4%A' }],
    ['a cookie of 8 kB', { cookie: `pb_session=${'a'.repeat(8192)}` }],
    ['two session cookies', { cookie: 'pb_session=a; pb_session=b' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['a bearer of 8 kB', { authorization: `Bearer ${'x'.repeat(8192)}` }],
    ['Basic credentials', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
    ['a bearer with SQL', { authorization: "Bearer ' OR '1'='1" }],
  ];

  it('hostile credentials on every route: 401 (or the public answer), never 5xx, nothing written', async () => {
    const wrong: string[] = [];
    const watch = new WriteWatch(wrong);
    await watch.start();
    for (const key of [...all.keys()].sort()) {
      const [method] = key.split(' ') as [string];
      const params = paramsFor(key, ids);
      const valid = validBodies[key]?.(ids) ?? null;
      for (const [what, headers] of hostileCredentials) {
        const answer = await send(all.get(key)!, null, {
          method,
          path: fillPath(key, params),
          params,
          headers: { ...headers, origin: 'http://127.0.0.1' },
          ...(valid ? { body: JSON.stringify(valid) } : {}),
        });
        tally('credentials', key);
        if (answer.status >= 500 || (answer.status >= 400 && !answer.body.error?.message))
          wrong.push(`${key} with ${what}: ${answer.status} ${answer.text.slice(0, 200)}`);
        // Public routes (login, logout) may act; the rest must refuse before anything else.
        if (!['POST /api/v1/session', 'DELETE /api/v1/session'].includes(key)) watch.saw(what, answer);
      }
      if (!['POST /api/v1/session', 'DELETE /api/v1/session'].includes(key)) await watch.check(key);
      else await watch.start();
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  const hostileIds: FieldCase[] = [
    { what: 'path traversal', value: '../../../etc/passwd' },
    { what: 'encoded traversal', value: '..%2F..%2Fusers' },
    { what: 'SQL injection', value: "1' OR '1'='1" },
    { what: 'a NUL byte', value: 'a\u0000b' },
    { what: 'a lone surrogate', value: '\ud800' },
    { what: 'a script tag', value: '<script>alert(1)</script>' },
    { what: '10,000 characters', value: 'x'.repeat(10_000) },
    { what: 'an empty id', value: '' },
    { what: 'an RTL override', value: '\u202eevents' },
    { what: 'the nil UUID', value: '00000000-0000-0000-0000-000000000000' },
  ];

  it('hostile path ids: 400 or 404 with an error, never 5xx, nothing written', async () => {
    const wrong: string[] = [];
    const watch = new WriteWatch(wrong);
    await watch.start();
    for (const key of [...all.keys()].sort()) {
      const names = pathParamNames(key);
      if (names.length === 0) continue;
      const valid = validBodies[key]?.(ids) ?? null;
      for (const c of hostileIds) {
        const params = {
          ...paramsFor(key, ids),
          ...Object.fromEntries(names.map((n) => [n, String(c.value)])),
        };
        const answer = await call(key, { params, ...(valid ? { body: JSON.stringify(valid) } : {}) });
        tally('ids', key);
        if (![400, 401, 404].includes(answer.status) || !answer.body.error?.message)
          wrong.push(`${key} id = ${c.what}: ${answer.status} ${answer.text.slice(0, 200)}`);
        watch.saw(`id = ${c.what}`, answer);
      }
      await watch.check(key);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  const hostileQueryValues = [
    'NaN',
    'Infinity',
    '-0',
    '1e999',
    '-1',
    '0x10',
    '2026-02-30T00:00:00Z',
    '+275760-09-13T00:00:00.001Z',
    'yesterday',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    'a\u0000b',
    'x'.repeat(10_000),
    '\u202e\u200b🦄',
    '0000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '9999-12-31T23:59:59-01:00',
  ];

  it('hostile query values: a field-naming 400 when the value is invalid, else an answer; never 5xx', async () => {
    const wrong: string[] = [];
    const routesWithQuery = [...all.keys()].filter((k) => k.startsWith('GET ')).sort();
    let covered = 0;
    for (const key of routesWithQuery) {
      const schema = await querySchemaOf(key);
      if (!schema) continue;
      covered += 1;
      const base = requiredQuery(schema);
      for (const [name, field] of Object.entries(schema.shape)) {
        for (const value of hostileQueryValues) {
          const query = new URLSearchParams({ ...base, [name]: value }).toString();
          const answer = await call(key, { query });
          tally('query', key);
          const invalid = !field.safeParse(value).success || value.includes('\u0000');
          const what = `${key} ?${name}=${JSON.stringify(value.slice(0, 30))}`;
          if (answer.status >= 500 || (invalid && answer.status !== 400))
            wrong.push(`${what}: ${answer.status} ${answer.text.slice(0, 200)}`);
          else if (answer.status === 400 && answer.body.error?.field !== name)
            wrong.push(`${what}: 400 naming ${answer.body.error?.field}: ${answer.body.error?.message}`);
        }
      }
    }
    expect(covered).toBeGreaterThanOrEqual(10);
    expect(wrong).toEqual([]);
  }, 120_000);

  it('ranges wholly in years PostgreSQL cannot store: 400 naming the field, nothing written', async () => {
    const year0 = '0000-01-01T00:00:00Z';
    const year0Later = '0000-01-01T01:00:00Z';
    const draft = (key: string) => validBodies[key]!(ids)!.rule;
    const cases: { key: string; body?: unknown; query?: string; field: string }[] = [
      { key: 'GET /api/v1/metrics/[name]/series', query: `from=${year0}&to=${year0Later}`, field: 'from' },
      {
        key: 'GET /api/v1/metrics/[name]/series',
        query: `from=${year0}&to=${year0Later}&window=1m&step=1m`,
        field: 'from',
      },
      { key: 'GET /api/v1/reports/incidents', query: `from=${year0}&to=0000-02-01T00:00:00Z`, field: 'from' },
      { key: 'GET /api/v1/audit', query: 'before=-000001-01-01T00:00:00Z', field: 'before' },
      {
        key: 'POST /api/v1/rules/backtest',
        body: { rule: draft('POST /api/v1/rules/backtest'), from: year0, to: year0Later },
        field: 'from',
      },
      {
        key: 'POST /api/v1/surge-rules/backtest',
        body: { rule: draft('POST /api/v1/surge-rules/backtest'), from: year0, to: year0Later },
        field: 'from',
      },
      { key: 'PATCH /api/v1/silences/[id]', body: { startsAt: year0 }, field: 'startsAt' },
      {
        key: 'POST /api/v1/maintenance-windows',
        body: { name: 'w0', startsAt: year0, endsAt: '0000-01-02T00:00:00Z' },
        field: 'startsAt',
      },
      { key: 'PATCH /api/v1/maintenance-windows/[id]', body: { startsAt: year0 }, field: 'startsAt' },
    ];
    const wrong: string[] = [];
    const watch = new WriteWatch(wrong);
    await watch.start();
    for (const c of cases) {
      const answer = await call(c.key, {
        query: c.query,
        ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }),
      });
      if (answer.status !== 400 || answer.body.error?.field !== c.field)
        wrong.push(
          `${c.key} ${c.query ?? JSON.stringify(c.body)}: ${answer.status} ${answer.text.slice(0, 200)}`,
        );
      watch.saw(c.key, answer);
    }
    await watch.check('year-0 ranges');
    expect(wrong).toEqual([]);
  });

  it('query parameters a route does not take: 400 naming the parameter, not ignored', async () => {
    const wrong: string[] = [];
    let covered = 0;
    for (const key of [...all.keys()].filter((k) => k.startsWith('GET ')).sort()) {
      const schema = await querySchemaOf(key);
      if (!schema) continue;
      covered += 1;
      // A typo of a real parameter, a cache buster, and a key that looks like a filter.
      for (const extra of ['setp', '_', 'stauts']) {
        const query = new URLSearchParams({ ...requiredQuery(schema), [extra]: '1' }).toString();
        const answer = await call(key, { query });
        tally('query', key);
        if (answer.status !== 400 || answer.body.error?.field !== extra)
          wrong.push(`${key} ?${extra}=1: ${answer.status} ${answer.text.slice(0, 200)}`);
      }
    }
    expect(covered).toBeGreaterThanOrEqual(10);
    expect(wrong).toEqual([]);
  });

  it('a range whose from is after its to: 400 naming to, on every route with both', async () => {
    const wrong: string[] = [];
    const ranged: string[] = [];
    for (const key of [...all.keys()].filter((k) => k.startsWith('GET ')).sort()) {
      const schema = await querySchemaOf(key);
      if (!schema || !('from' in schema.shape && 'to' in schema.shape)) continue;
      ranged.push(key);
      const query = new URLSearchParams({ ...requiredQuery(schema), from: iso(0), to: iso(-hour) });
      const answer = await call(key, { query: query.toString() });
      tally('query', key);
      if (answer.status !== 400 || answer.body.error?.field !== 'to')
        wrong.push(`${key} from after to: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    expect(ranged).toEqual(expect.arrayContaining(['GET /api/v1/events', 'GET /api/v1/incidents']));
    expect(wrong).toEqual([]);
    // The event list's range is inclusive: one instant (the Sentiment page's link to an event) is a range.
    const instant = iso(-hour);
    const one = await call('GET /api/v1/events', { query: `from=${instant}&to=${instant}` });
    expect(one.status, one.text).toBe(200);
  });

  it('hand-made paging cursors: 400 naming cursor, never a value the database refuses', async () => {
    const encode = (text: string) => Buffer.from(text).toString('base64url');
    const eventCursor = (value: unknown) => encode(JSON.stringify(value));
    const cases: [string, string][] = [
      ['GET /api/v1/events', eventCursor(['2026-02-30T00:00:00Z', 'a', 'b'])],
      ['GET /api/v1/events', eventCursor(['1', 'a', 'b'])],
      ['GET /api/v1/events', eventCursor(['0000-01-01T00:00:00Z', 'a', 'b'])],
      ['GET /api/v1/events', eventCursor(['9999-12-31T23:59:59-01:00', 'a', 'b'])],
      ['GET /api/v1/events', eventCursor(['2026-01-01T00:00:00Z', 'a\u0000', 'b'])],
      ['GET /api/v1/events', eventCursor(['2026-01-01T00:00:00Z', 'a', 'b\u001f'])],
      ['GET /api/v1/events', eventCursor(['2026-01-01T00:00:00Z', 'a', '\ud800'])],
      ['GET /api/v1/events', eventCursor(['2026-01-01T00:00:00Z', 'a', 'x'.repeat(10_000)])],
      ['GET /api/v1/incidents', encode(`2026-02-30T00:00:00Z|${nil}`)],
      ['GET /api/v1/incidents', encode(`2026-01-01T00:00:00Z|${'-'.repeat(36)}`)],
      ['GET /api/v1/incidents', encode(`1|${nil}`)],
      ['GET /api/v1/incidents', encode(`0000-01-01T00:00:00Z|${nil}`)],
      ['GET /api/v1/incidents', encode(`2026-01-01T00:00:00Z|${nil}|x`)],
      ['GET /api/v1/incidents', encode(`2026-01-01T00:00:00Z\u0000|${nil}`)],
    ];
    const wrong: string[] = [];
    for (const [key, cursor] of cases) {
      const answer = await call(key, { query: `cursor=${cursor}` });
      tally('query', key);
      const what = Buffer.from(cursor, 'base64url').toString().slice(0, 60);
      if (answer.status !== 400 || answer.body.error?.field !== 'cursor')
        wrong.push(`${key} cursor ${JSON.stringify(what)}: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    // Cursors of the shape the API hands out still page, whatever the offset they are written with.
    for (const [key, cursor] of [
      ['GET /api/v1/events', eventCursor([iso(0), 'default', 'e1'])],
      ['GET /api/v1/events', eventCursor(['2026-01-01T02:00:00+02:00', 'default', 'e1'])],
      ['GET /api/v1/incidents', encode(`${iso(0)}|${nil}`)],
    ] as const) {
      const answer = await call(key, { query: `cursor=${cursor}` });
      expect(answer.status, `${key}: ${answer.text}`).toBe(200);
    }
  });

  it('an empty object to every body route: a 400 names a field (body when it is the whole body)', async () => {
    const wrong: string[] = [];
    for (const key of [...mutations.keys()].sort()) {
      if (!validBodies[key]!(ids)) continue;
      if (key === 'POST /api/v1/events' || key.startsWith('POST /api/v1/integrations/pagerduty/')) continue;
      const answer = await call(key, { body: '{}' });
      tally('bodies', key);
      if (answer.status === 400 && !answer.body.error?.field)
        wrong.push(`${key} {}: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('counts its cells', () => {
    // Printed for the report: routes × cases per kind.
    for (const [kind, { requests, routes }] of cells)
      console.log(`${kind}: ${routes.size} routes, ${requests} requests`);
    const total = [...cells.values()].reduce((sum, c) => sum + c.requests, 0);
    console.log(`hostile requests: ${total}`);
    expect(total).toBeGreaterThan(2000);
  });
});

type QuerySchema = z.ZodObject<Record<string, z.ZodType>>;

/** The parameters a query schema requires, with valid values (from and to, an hour apart). */
function requiredQuery(schema: QuerySchema): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    if (field.safeParse(undefined).success) continue;
    base[name] = name === 'to' ? iso(0) : iso(-hour);
  }
  return base;
}

/** The query schema a GET handler passes to parseQuery, found in its source and imported from its module. */
async function querySchemaOf(key: string): Promise<QuerySchema | null> {
  const dir = path.join(apiRoot, key.split(' ')[1]!.slice('/api/v1/'.length));
  const source = readFileSync(path.join(dir, 'route.ts'), 'utf8');
  const name = /parseQuery\(request, (\w+)\)/.exec(source)?.[1];
  if (!name) return null;
  const from = new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from '@/([^']+)'`).exec(source)?.[1];
  if (!from) throw new Error(`${key}: cannot find where ${name} comes from`);
  const mod = (await import(path.resolve(apiRoot, '../../..', from))) as Record<string, unknown>;
  return mod[name] as QuerySchema;
}
