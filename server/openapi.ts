import { z } from 'zod';
import { eventInputSchema, ingestResponseSchema, listEventsQuerySchema } from './services/events/schemas';
import {
  createMetricInputSchema,
  currentQuerySchema,
  seriesQuerySchema,
  updateMetricInputSchema,
} from './services/metrics/schemas';
import { alertingOperations } from './services/rules/openapi-operations';
import { notifyOperations } from './services/notifications/openapi-operations';
import { surgeOperations } from './services/surge-rules/openapi-operations';
import { sentimentOperations } from './queries/sentiment/openapi-operations';
import { reportOperations } from './queries/reports/openapi-operations';
import { systemOperations } from './queries/system/openapi-operations';
import { loginInputSchema } from './services/session/schemas';
import { accessOperations } from './services/users/openapi-operations';
import { overviewLayoutOperations } from './services/overview-layout/openapi-operations';

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
const metricSchema = z.object({
  name: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  aggregation: z.string(),
  valueField: z.string().nullable(),
  dimensions: z.array(z.string()),
  defaultGroupBy: z.array(z.string()),
  unit: z.string(),
  builtIn: z.boolean(),
  ratioOf: z.object({ numerator: z.string(), denominator: z.string(), scale: z.number() }).nullable(),
});
const seriesSchema = z.object({
  name: z.string(),
  step: z.string(),
  series: z.array(
    z.object({
      group: z.record(z.string(), z.string()),
      points: z.array(z.tuple([z.string(), z.number().nullable()])),
    }),
  ),
});
const storedEventSchema = eventInputSchema.omit({ source: true }).extend({
  ts: z.string(),
  source: z.string(),
  receivedAt: z.string(),
  late: z.boolean(),
  sentiment: z.object({ score: z.number(), label: z.enum(['positive', 'neutral', 'negative']) }).nullable(),
});

type Operation = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: 'session' | 'ingestKey' | 'none';
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Record<number, z.ZodType | null>;
};

/** Every public endpoint, with the same zod schemas the handlers parse with. */
const operations: Operation[] = [
  {
    method: 'post',
    path: '/api/v1/events',
    summary: 'Send events: one event, {events:[...]}, or NDJSON (at most 10,000 events and 5 MB)',
    auth: 'ingestKey',
    body: z.union([eventInputSchema, z.object({ events: z.array(eventInputSchema) })]),
    responses: {
      202: ingestResponseSchema,
      400: errorSchema,
      401: errorSchema,
      413: errorSchema,
      415: errorSchema,
      429: errorSchema,
      503: errorSchema,
    },
  },
  {
    method: 'get',
    path: '/api/v1/events',
    summary: 'Stored events, newest first',
    auth: 'session',
    query: listEventsQuerySchema,
    responses: {
      200: z.object({ events: z.array(storedEventSchema), nextCursor: z.string().nullable() }),
      400: errorSchema,
    },
  },
  {
    method: 'post',
    path: '/api/v1/session',
    summary: 'Log in; sets an HttpOnly session cookie',
    auth: 'none',
    body: loginInputSchema,
    responses: {
      200: z.object({
        user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string() }),
      }),
      401: errorSchema,
      429: errorSchema,
    },
  },
  {
    method: 'delete',
    path: '/api/v1/session',
    summary: 'Log out',
    auth: 'session',
    responses: { 204: null },
  },
  {
    method: 'get',
    path: '/api/v1/metrics',
    summary: 'The metric catalogue',
    auth: 'session',
    responses: { 200: z.object({ metrics: z.array(metricSchema) }) },
  },
  {
    method: 'post',
    path: '/api/v1/metrics',
    summary: 'Define a metric (admin)',
    auth: 'session',
    body: createMetricInputSchema,
    responses: { 201: metricSchema, 400: errorSchema, 403: errorSchema, 409: errorSchema },
  },
  {
    method: 'get',
    path: '/api/v1/metrics/{name}',
    summary: 'One metric',
    auth: 'session',
    responses: { 200: metricSchema, 404: errorSchema },
  },
  {
    method: 'patch',
    path: '/api/v1/metrics/{name}',
    summary: 'Change a metric (admin)',
    auth: 'session',
    body: updateMetricInputSchema,
    responses: { 200: metricSchema, 400: errorSchema, 403: errorSchema, 404: errorSchema },
  },
  {
    method: 'delete',
    path: '/api/v1/metrics/{name}',
    summary: 'Remove a metric (admin)',
    auth: 'session',
    responses: { 204: null, 403: errorSchema, 404: errorSchema, 409: errorSchema },
  },
  {
    method: 'get',
    path: '/api/v1/metrics/{name}/series',
    summary:
      'Points per bucket and group; count metrics give the count per bucket; empty buckets are left out',
    auth: 'session',
    query: seriesQuerySchema,
    responses: { 200: seriesSchema, 400: errorSchema, 404: errorSchema },
  },
  {
    method: 'get',
    path: '/api/v1/metrics/{name}/current',
    summary: 'The rolling value over the last window',
    auth: 'session',
    query: currentQuerySchema,
    responses: {
      200: z.object({
        name: z.string(),
        window: z.string(),
        value: z.number().nullable(),
        series: z.array(z.object({ group: z.record(z.string(), z.string()), value: z.number().nullable() })),
      }),
      400: errorSchema,
      404: errorSchema,
    },
  },
  ...alertingOperations,
  ...surgeOperations,
  ...sentimentOperations,
  ...reportOperations,
  ...systemOperations,
  ...notifyOperations,
  ...accessOperations,
  ...overviewLayoutOperations,
  {
    method: 'get',
    path: '/api/health',
    summary: 'The process is up',
    auth: 'none',
    responses: { 200: z.object({ status: z.literal('ok') }) },
  },
  {
    method: 'get',
    path: '/api/ready',
    summary:
      'Database, Redis and workers reachable; the components and durability only with Bearer PULSEBOARD_METRICS_TOKEN or from loopback',
    auth: 'none',
    responses: { 200: z.object({ ready: z.boolean() }), 503: z.object({ ready: z.boolean() }) },
  },
];

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
}

/** The OpenAPI 3.1 document served at /api/v1/openapi.json. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters: unknown[] = [];
    for (const match of op.path.matchAll(/\{(\w+)\}/g)) {
      parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
    }
    if (op.query) {
      const schema = jsonSchema(op.query, 'input') as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, s] of Object.entries(schema.properties ?? {})) {
        parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s });
      }
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      security:
        op.auth === 'none'
          ? []
          : op.auth === 'ingestKey'
            ? [{ ingestKey: [] }]
            : [{ session: [] }, { token: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(op.body, 'input') } },
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, schema]) => [
          status,
          schema
            ? {
                description: status,
                content: { 'application/json': { schema: jsonSchema(schema, 'output') } },
              }
            : { description: status },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Pulseboard API', version: '1' },
    components: {
      securitySchemes: {
        ingestKey: { type: 'http', scheme: 'bearer', description: 'An ingest key (pbk_…)' },
        token: { type: 'http', scheme: 'bearer', description: 'A personal API token (pbt_…)' },
        session: { type: 'apiKey', in: 'cookie', name: 'pb_session' },
      },
    },
    paths,
  };
}
