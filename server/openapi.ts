import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { errorSchema, nextCursorSchema } from '@/contracts/responses/common';
import { openApiComponents, registerComponents } from './openapi-components';
import {
  eventInputSchema,
  ingestResponseSchema,
  listEventsQuerySchema,
} from '@/core/services/events/schemas';
import {
  createMetricInputSchema,
  currentQuerySchema,
  seriesQuerySchema,
  updateMetricInputSchema,
} from '@/core/services/metrics/schemas';
import { alertingOperations } from './openapi/rules';
import { notifyOperations } from './openapi/notifications';
import { surgeOperations } from './openapi/surge-rules';
import { sentimentOperations } from './openapi/sentiment';
import { reportOperations } from './openapi/reports';
import { systemOperations } from './openapi/system';
import { loginInputSchema } from '@/core/services/session/schemas';
import { accessOperations } from './openapi/users';
import { overviewLayoutOperations } from './openapi/overview-layout';

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
  demo: z.boolean(),
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
registerComponents({
  EventInput: eventInputSchema,
  IngestResult: ingestResponseSchema,
  StoredEvent: storedEventSchema,
  Metric: metricSchema,
  MetricSeries: seriesSchema,
});

type Operation = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: 'session' | 'ingestKey' | 'none';
  query?: z.ZodType;
  body?: z.ZodType;
  /** The schema of one line when the body may also be sent as `application/x-ndjson`. */
  ndjsonLine?: z.ZodType;
  responses: Record<number, z.ZodType | null>;
};

/** Every public endpoint, with the same zod schemas the handlers parse with. */
const operations: Operation[] = [
  {
    method: 'post',
    path: '/api/v1/events',
    summary:
      'Send events: one event, {events:[...]}, NDJSON, or CloudEvents JSON (application/cloudevents+json, ' +
      'application/cloudevents-batch+json; docs/cloudevents.md); Content-Encoding: gzip accepted; ' +
      'at most 10,000 events and 5 MB, inflated',
    auth: 'ingestKey',
    body: z.union([
      eventInputSchema,
      z.strictObject({ events: z.array(eventInputSchema) }),
      z.array(eventInputSchema),
    ]),
    ndjsonLine: eventInputSchema,
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
      200: z.object({ events: z.array(storedEventSchema), nextCursor: nextCursorSchema }),
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
    summary: 'Change a metric (admin); 409 when a rule or surge rule on it could no longer be evaluated',
    auth: 'session',
    body: updateMetricInputSchema,
    responses: { 200: metricSchema, 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
  },
  {
    method: 'delete',
    path: '/api/v1/metrics/{name}',
    summary: 'Remove a metric (admin); 409 while a ratio, rule or surge rule uses it',
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
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document (OpenAPI 3.1)',
    auth: 'none',
    responses: { 200: z.record(z.string(), z.unknown()) },
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

/**
 * Stable operationIds, the names generated clients give their methods: renaming one breaks those
 * clients. Kept in one table so they read as one vocabulary; server/openapi.test.ts checks it is complete.
 */
export const operationIds: Record<string, string> = {
  'POST /api/v1/events': 'ingestEvents',
  'GET /api/v1/events': 'listEvents',
  'POST /api/v1/session': 'logIn',
  'DELETE /api/v1/session': 'logOut',
  'GET /api/v1/metrics': 'listMetrics',
  'POST /api/v1/metrics': 'createMetric',
  'GET /api/v1/metrics/{name}': 'getMetric',
  'PATCH /api/v1/metrics/{name}': 'updateMetric',
  'DELETE /api/v1/metrics/{name}': 'deleteMetric',
  'GET /api/v1/metrics/{name}/series': 'getMetricSeries',
  'GET /api/v1/metrics/{name}/current': 'getMetricCurrent',
  'GET /api/v1/openapi.json': 'getOpenApiDocument',
  'GET /api/v1/rules': 'listRules',
  'POST /api/v1/rules': 'createRule',
  'GET /api/v1/rules/{id}': 'getRule',
  'PATCH /api/v1/rules/{id}': 'updateRule',
  'DELETE /api/v1/rules/{id}': 'deleteRule',
  'POST /api/v1/rules/backtest': 'backtestRule',
  'GET /api/v1/incidents': 'listIncidents',
  'GET /api/v1/incidents/stats': 'getIncidentStats',
  'GET /api/v1/incidents/{id}': 'getIncident',
  'GET /api/v1/incidents/{id}/evaluation': 'getIncidentEvaluation',
  'POST /api/v1/incidents/{id}/ack': 'acknowledgeIncident',
  'POST /api/v1/incidents/{id}/resolve': 'resolveIncident',
  'POST /api/v1/incidents/{id}/comments': 'commentOnIncident',
  'POST /api/v1/incidents/{id}/assign': 'assignIncident',
  'GET /api/v1/silences': 'listSilences',
  'POST /api/v1/silences': 'createSilence',
  'GET /api/v1/silences/{id}': 'getSilence',
  'PATCH /api/v1/silences/{id}': 'updateSilence',
  'DELETE /api/v1/silences/{id}': 'deleteSilence',
  'GET /api/v1/maintenance-windows': 'listMaintenanceWindows',
  'POST /api/v1/maintenance-windows': 'createMaintenanceWindow',
  'GET /api/v1/maintenance-windows/{id}': 'getMaintenanceWindow',
  'PATCH /api/v1/maintenance-windows/{id}': 'updateMaintenanceWindow',
  'DELETE /api/v1/maintenance-windows/{id}': 'deleteMaintenanceWindow',
  'GET /api/v1/surge-rules': 'listSurgeRules',
  'POST /api/v1/surge-rules': 'createSurgeRule',
  'POST /api/v1/surge-rules/backtest': 'backtestSurgeRule',
  'GET /api/v1/surge-rules/{id}': 'getSurgeRule',
  'PATCH /api/v1/surge-rules/{id}': 'updateSurgeRule',
  'DELETE /api/v1/surge-rules/{id}': 'deleteSurgeRule',
  'GET /api/v1/surges': 'listSurgeChanges',
  'GET /api/v1/surges/current': 'listCurrentSurges',
  'GET /api/v1/sentiment/texts': 'listNegativeTexts',
  'GET /api/v1/sentiment/terms': 'listRisingNegativeTerms',
  'GET /api/v1/reports/incidents': 'getIncidentReport',
  'GET /api/v1/system/pipeline': 'getPipelineHealth',
  'GET /api/v1/channels': 'listChannels',
  'POST /api/v1/channels': 'createChannel',
  'GET /api/v1/channels/{id}': 'getChannel',
  'PATCH /api/v1/channels/{id}': 'updateChannel',
  'DELETE /api/v1/channels/{id}': 'deleteChannel',
  'POST /api/v1/channels/{id}/test': 'testChannel',
  'GET /api/v1/notification-policies': 'listNotificationPolicies',
  'POST /api/v1/notification-policies': 'createNotificationPolicy',
  'GET /api/v1/notification-policies/{id}': 'getNotificationPolicy',
  'PATCH /api/v1/notification-policies/{id}': 'updateNotificationPolicy',
  'DELETE /api/v1/notification-policies/{id}': 'deleteNotificationPolicy',
  'GET /api/v1/deliveries': 'listDeliveries',
  'GET /api/v1/deliveries/{id}': 'getDelivery',
  'POST /api/v1/deliveries/{id}/resend': 'resendDelivery',
  'POST /api/v1/integrations/pagerduty/{channelId}': 'receivePagerDutyWebhook',
  'GET /api/v1/users': 'listUsers',
  'POST /api/v1/users': 'createUser',
  'GET /api/v1/users/assignable': 'listAssignableUsers',
  'GET /api/v1/users/me': 'getCurrentUser',
  'PATCH /api/v1/users/me': 'updateOwnPreferences',
  'POST /api/v1/users/me/password': 'changeOwnPassword',
  'GET /api/v1/users/{id}': 'getUser',
  'PATCH /api/v1/users/{id}': 'updateUser',
  'POST /api/v1/users/{id}/reset-password': 'resetUserPassword',
  'GET /api/v1/tokens': 'listTokens',
  'POST /api/v1/tokens': 'createToken',
  'DELETE /api/v1/tokens/{id}': 'revokeToken',
  'GET /api/v1/ingest-keys': 'listIngestKeys',
  'POST /api/v1/ingest-keys': 'createIngestKey',
  'PATCH /api/v1/ingest-keys/{id}': 'updateIngestKey',
  'DELETE /api/v1/ingest-keys/{id}': 'revokeIngestKey',
  'GET /api/v1/sources': 'listSources',
  'POST /api/v1/sources': 'createSource',
  'GET /api/v1/audit': 'listAuditEntries',
  'GET /api/v1/overview-layout': 'getOverviewLayout',
  'PUT /api/v1/overview-layout': 'saveOverviewLayout',
  'DELETE /api/v1/overview-layout': 'resetOverviewLayout',
  'PUT /api/v1/overview-layout/team': 'saveTeamOverviewLayout',
  'GET /api/health': 'getHealth',
  'GET /api/ready': 'getReadiness',
};

/** One tag per resource, by the path's first segment after /api/ (and v1/). */
const tags: { name: string; description: string; segments: string[] }[] = [
  { name: 'Events', segments: ['events'], description: 'Ingest (JSON or NDJSON) and stored events' },
  { name: 'Session', segments: ['session'], description: 'Log in and out with a session cookie' },
  { name: 'Metrics', segments: ['metrics'], description: 'The metric catalogue, series and current values' },
  { name: 'Rules', segments: ['rules'], description: 'Alert rules and their backtest' },
  { name: 'Incidents', segments: ['incidents'], description: 'Incidents, their actions and statistics' },
  { name: 'Silences', segments: ['silences'], description: 'Silences that hold back notifications' },
  {
    name: 'Maintenance windows',
    segments: ['maintenance-windows'],
    description: 'Recurring or one-off quiet times',
  },
  {
    name: 'Surge rules',
    segments: ['surge-rules', 'surges'],
    description: 'Surge rules and the multipliers they publish',
  },
  { name: 'Sentiment', segments: ['sentiment'], description: 'Negative texts and rising negative terms' },
  { name: 'Reports', segments: ['reports'], description: 'Incident reports' },
  {
    name: 'Channels',
    segments: ['channels'],
    description: 'Notification channels (Slack, PagerDuty, webhook, e-mail, Teams)',
  },
  {
    name: 'Notification policies',
    segments: ['notification-policies'],
    description: 'Who is notified, when, and escalation',
  },
  { name: 'Deliveries', segments: ['deliveries'], description: 'The notification delivery log' },
  { name: 'Integrations', segments: ['integrations'], description: 'Inbound webhooks from other services' },
  { name: 'Users', segments: ['users'], description: 'People and their roles' },
  { name: 'Tokens', segments: ['tokens'], description: 'Personal API tokens' },
  { name: 'Ingest keys', segments: ['ingest-keys'], description: 'Keys producers send events with' },
  { name: 'Sources', segments: ['sources'], description: 'Event sources' },
  { name: 'Audit', segments: ['audit'], description: 'Every configuration change and incident action' },
  {
    name: 'Overview layout',
    segments: ['overview-layout'],
    description: 'KPI tiles and charts on the overview',
  },
  {
    name: 'System',
    segments: ['system', 'health', 'ready', 'openapi.json'],
    description: 'Health, readiness, pipeline, this document',
  },
];

/** The error answers every operation shares, in components.responses. */
const errorResponses: Record<number, { name: string; description: string; retryAfter?: boolean }> = {
  400: {
    name: 'BadRequest',
    description: 'The request is malformed or a value is invalid (`field` names it)',
  },
  401: { name: 'Unauthorized', description: 'No valid session, token or key' },
  403: {
    name: 'Forbidden',
    description: 'The role does not allow it, or a cookie request came from another origin',
  },
  404: { name: 'NotFound', description: 'No such resource' },
  409: { name: 'Conflict', description: 'The change conflicts with the current state' },
  413: { name: 'PayloadTooLarge', description: 'More than 10,000 events or 5 MB' },
  415: { name: 'UnsupportedMediaType', description: 'Not application/json or application/x-ndjson' },
  429: { name: 'TooManyRequests', description: 'Throttled: try again after Retry-After', retryAfter: true },
  503: {
    name: 'ServiceUnavailable',
    description: 'A dependency is down: try again after Retry-After',
    retryAfter: true,
  },
};
const statusTexts: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' };

/** The operation's name, from the table; a missing entry gets a derived one (and fails the test). */
function operationIdOf(op: Operation): string {
  const named = operationIds[`${op.method.toUpperCase()} ${op.path}`];
  if (named) return named;
  const words = op.path
    .replace(/^\/api\/(v1\/)?/, '')
    .split(/[/.{}-]+/)
    .filter(Boolean);
  return op.method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

function tagOf(path: string): string {
  const segment = path.replace(/^\/api\/(v1\/)?/, '').split('/')[0] ?? '';
  return tags.find((t) => t.segments.includes(segment))?.name ?? segment;
}

const componentRef = /"\$ref":"#\/\$defs\//g;

/** Converts zod schemas to JSON Schema, moving every registered shape to components.schemas. */
function schemaConverter() {
  const schemas: Record<string, unknown> = {};
  const convert = (schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
    const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any', metadata: openApiComponents });
    const {
      $schema: _,
      $defs = {},
      ...root
    } = JSON.parse(JSON.stringify(converted).replace(componentRef, '"$ref":"#/components/schemas/')) as {
      $schema?: string;
      $defs?: Record<string, unknown>;
    } & Record<string, unknown>;
    for (const [id, definition] of Object.entries($defs)) {
      if (id in schemas && !isDeepStrictEqual(schemas[id], definition)) {
        throw new Error(
          `OpenAPI component ${id} has two different shapes (two schemas, or input and output)`,
        );
      }
      schemas[id] = definition;
    }
    return root;
  };
  return { convert, schemas };
}

/** The OpenAPI 3.1 document served at /api/v1/openapi.json. */
export function openApiDocument() {
  const { convert, schemas } = schemaConverter();
  convert(errorSchema, 'output'); // lists the Error component that every shared error response points to
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters: unknown[] = [];
    for (const match of op.path.matchAll(/\{(\w+)\}/g)) {
      parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
    }
    if (op.query) {
      const schema = convert(op.query, 'input') as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, s] of Object.entries(schema.properties ?? {})) {
        parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s });
      }
    }
    const content: Record<string, unknown> = {};
    if (op.body) content['application/json'] = { schema: convert(op.body, 'input') };
    if (op.ndjsonLine) {
      // OpenAPI 3.2 names the line schema `itemSchema`; a 3.1 document carries it as an extension.
      content['application/x-ndjson'] = {
        schema: {
          type: 'string',
          description: 'Newline-delimited JSON: one EventInput object per line; blank lines are skipped',
        },
        'x-itemSchema': convert(op.ndjsonLine, 'input'),
      };
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: operationIdOf(op),
      tags: [tagOf(op.path)],
      summary: op.summary,
      security:
        op.auth === 'none'
          ? []
          : op.auth === 'ingestKey'
            ? [{ ingestKey: [] }]
            : [{ session: [] }, { token: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, schema]): [string, unknown] => {
          const shared = schema === errorSchema ? errorResponses[Number(status)] : undefined;
          if (shared) return [status, { $ref: `#/components/responses/${shared.name}` }];
          const description = statusTexts[Number(status)] ?? status;
          return [
            status,
            schema
              ? { description, content: { 'application/json': { schema: convert(schema, 'output') } } }
              : { description },
          ];
        }),
      ),
    };
  }
  const errorBody = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
  return {
    openapi: '3.1.0',
    info: { title: 'Pulseboard API', version: '1' },
    tags: tags.map(({ name, description }) => ({ name, description })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      responses: Object.fromEntries(
        Object.values(errorResponses).map(({ name, description, retryAfter }) => [
          name,
          {
            description,
            ...(retryAfter
              ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } }
              : {}),
            content: errorBody,
          },
        ]),
      ),
      headers: {
        RetryAfter: {
          description: 'Seconds to wait before trying again',
          required: true,
          schema: { type: 'integer', minimum: 0 },
        },
      },
      securitySchemes: {
        ingestKey: { type: 'http', scheme: 'bearer', description: 'An ingest key (pbk_…)' },
        token: { type: 'http', scheme: 'bearer', description: 'A personal API token (pbt_…)' },
        session: { type: 'apiKey', in: 'cookie', name: 'pb_session' },
      },
    },
  };
}
