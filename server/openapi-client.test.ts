import { Validator, type Schema } from '@cfworker/json-schema';
import { dereference } from '@readme/openapi-parser';
import createClient, { type Middleware } from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components, paths } from '@/lib/openapi-types';
import { openApiDocument } from '@/server/openapi';
import type { Handler } from '@/test/helpers/api-calls';
import { allMethods, discoverRoutes, pathParamNames } from '@/test/api-routes';
import { createWorld, type HostileWorld } from '@/test/hostile/fixture';
import { burst, engine, ingest, seedMetrics } from '@/test/helpers/rules';

/**
 * A client generated from /api/v1/openapi.json (lib/openapi-types.ts + openapi-fetch) against the real
 * route handlers, database and Redis: a request or answer that drifts from the document fails to
 * typecheck here, or fails the schema check every answer goes through.
 */

type Doc = ReturnType<typeof openApiDocument>;
type ResponseObject = { content?: Record<string, { schema: Schema }> };

let world: HostileWorld;
let routes: Map<string, Handler>;
let resolved: Doc;

beforeAll(async () => {
  world = await createWorld();
  await seedMetrics(world.tdb, [
    { name: 'checkout_errors', eventTypes: ['checkout_error'], dimensions: ['zone'] },
    { name: 'payment_errors', eventTypes: ['payment_error'], dimensions: ['zone'] },
  ]);
  routes = await discoverRoutes(allMethods);
  resolved = await dereference(structuredClone(openApiDocument()) as never);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

/** A `fetch` that hands each request to the app's own route handler for its path, as Next.js would. */
function routeFetch(input: Request): Promise<Response> {
  const url = new URL(input.url);
  const candidates = [...routes]
    .map(([key, handler]) => ({ key, handler, names: pathParamNames(key) }))
    .sort((a, b) => a.names.length - b.names.length); // a static segment wins over [id]
  for (const { key, handler, names } of candidates) {
    const [method, route] = key.split(' ') as [string, string];
    if (method !== input.method) continue;
    const pattern = new RegExp(`^${route.replace(/\./g, '\\.').replace(/\[\w+\]/g, '([^/]+)')}$`);
    const match = pattern.exec(url.pathname);
    if (!match) continue;
    const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    return handler(input, { params: Promise.resolve(params) as Promise<never> });
  }
  return Promise.resolve(new Response('no route', { status: 599 }));
}

/** Checks every answer against the document: its status is listed and its JSON body fits the schema. */
const conformance: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    const method = request.method.toLowerCase();
    const operation = (resolved.paths as Record<string, Record<string, { responses: object }>>)[schemaPath]?.[
      method
    ];
    const documented = (operation?.responses as Record<string, ResponseObject> | undefined)?.[
      String(response.status)
    ];
    const what = `${request.method} ${schemaPath} ${response.status}`;
    if (!documented) throw new Error(`${what} is not in the document: ${await response.clone().text()}`);
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) return;
    const result = new Validator(schema, '2020-12', false).validate(await response.clone().json());
    if (!result.valid) {
      const errors = result.errors.map((e) => `${e.instanceLocation}: ${e.error}`).join('\n');
      throw new Error(`${what} does not fit the document:\n${errors}`);
    }
  },
};

function client(bearer: string) {
  const api = createClient<paths>({
    baseUrl: 'http://127.0.0.1',
    fetch: routeFetch,
    headers: { authorization: `Bearer ${bearer}` },
  });
  api.use(conformance);
  return api;
}

describe('a client generated from openapi.json', () => {
  it('documents every route handler under app/api/v1, and nothing else', () => {
    const handled = [...routes.keys()].map((key) => key.replace(/\[(\w+)\]/g, '{$1}')).sort();
    const documented = Object.entries(openApiDocument().paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(handled);
  });

  it('refuses an answer that drifts from the document, or a status it does not list', async () => {
    const check = (status: number, body: unknown) =>
      conformance.onResponse({
        request: new Request('http://127.0.0.1/api/v1/rules'),
        response: Response.json(body, { status }),
        schemaPath: '/api/v1/rules',
        params: {},
        id: 'drift',
        options: {} as never,
      });
    await expect(check(200, { rules: [] })).resolves.toBeUndefined();
    await expect(check(200, { rules: [{ id: 1 }] })).rejects.toThrow(/does not fit the document/);
    await expect(check(200, { rules: [], extra: true })).rejects.toThrow(/does not fit the document/);
    await expect(check(418, {})).rejects.toThrow(/is not in the document/);
  });

  it('creates, reads, changes and lists a rule, with typed bodies and answers', async () => {
    const api = client(world.adminToken);
    const draft: components['schemas']['Rule']['kind'] = 'threshold';
    const created = await api.POST('/api/v1/rules', {
      body: {
        name: 'Checkout errors per zone',
        kind: draft,
        metric: 'checkout_errors',
        groupBy: ['zone'],
        window: '1m',
        params: { op: '>', value: 2 },
      },
    });
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    const rule = created.data!;
    expect(rule).toMatchObject({ name: 'Checkout errors per zone', kind: 'threshold', enabled: true });

    const one = await api.GET('/api/v1/rules/{id}', { params: { path: { id: rule.id } } });
    expect(one.data?.series).toEqual([]);

    const changed = await api.PATCH('/api/v1/rules/{id}', {
      params: { path: { id: rule.id } },
      body: { severity: 'critical' },
    });
    expect(changed.data?.severity).toBe('critical');

    const list = await api.GET('/api/v1/rules');
    expect(list.data?.rules.map((r) => [r.id, r.severity])).toContainEqual([rule.id, 'critical']);

    const missing = await api.GET('/api/v1/rules/{id}', {
      params: { path: { id: '00000000-0000-0000-0000-000000000000' } },
    });
    expect(missing.response.status).toBe(404);
    const error: components['schemas']['Error'] | undefined = missing.error;
    expect(error?.error.code).toBe('not_found');
  });

  it('lists incidents a page at a time and acknowledges one', async () => {
    const api = client(world.adminToken);
    const rule = await api.POST('/api/v1/rules', {
      body: {
        name: 'Payment errors',
        kind: 'threshold',
        metric: 'payment_errors',
        groupBy: ['zone'],
        window: '1m',
        params: { op: '>', value: 2 },
      },
    });
    expect(rule.response.status, JSON.stringify(rule.error)).toBe(201);
    const t = Date.parse('2030-01-01T12:00:00Z');
    await ingest(
      world.tdb,
      ['north', 'south'].flatMap((zone) => burst('payment_error', t, 3, { props: { zone } })),
    );
    await engine(world.tdb).tick(t + 5_000);

    const query = { rule: rule.data!.id, limit: 1 };
    const first = await api.GET('/api/v1/incidents', { params: { query } });
    expect(first.response.status, JSON.stringify(first.error)).toBe(200);
    expect(first.data?.incidents).toHaveLength(1);
    const cursor = first.data?.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const second = await api.GET('/api/v1/incidents', { params: { query: { ...query, cursor: cursor! } } });
    expect(second.data?.nextCursor).toBeNull();
    const titles = [...first.data!.incidents, ...second.data!.incidents].map((i) => i.title).sort();
    expect(titles).toEqual(['Payment errors (zone=north)', 'Payment errors (zone=south)']);

    const incident = first.data!.incidents[0]!;
    expect(incident).toMatchObject({ status: 'triggered', ruleName: 'Payment errors' });
    const acked = await api.POST('/api/v1/incidents/{id}/ack', {
      params: { path: { id: incident.id } },
      body: { note: 'looking' },
    });
    expect(acked.response.status, JSON.stringify(acked.error)).toBe(200);
    expect(acked.data?.status).toBe('acknowledged');
    const detail = await api.GET('/api/v1/incidents/{id}', { params: { path: { id: incident.id } } });
    expect(detail.data?.timeline.map((e) => e.kind)).toContain('acknowledged');
  });

  it('sends events as JSON and as NDJSON', async () => {
    const api = client(world.ingestKey);
    const one = await api.POST('/api/v1/events', { body: { id: 'c1', type: 'checkout', value: 12.5 } });
    expect(one.data).toEqual({ accepted: 1, rejected: [] });
    const lines: components['schemas']['EventInput'][] = [
      { id: 'c2', type: 'checkout' },
      { id: 'c3', type: 'checkout', props: { zone: 'north' } },
    ];
    const ndjson = await api.POST('/api/v1/events', {
      body: lines.map((e) => JSON.stringify(e)).join('\n'),
      bodySerializer: (body) => body,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(ndjson.data).toEqual({ accepted: 2, rejected: [] });
    const wrongType = await api.POST('/api/v1/events', {
      body: 'id=c4',
      bodySerializer: (body) => body,
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.response.status).toBe(415);
  });
});
