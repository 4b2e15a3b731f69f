import { z } from 'zod';
import { errorSchema, registerComponents, type Same } from '@/server/openapi-components';
import { severities } from '@/lib/alerting/types';
import { surgeWindows } from '@/lib/surge/windows';
import type { CurrentSurgeView, SurgeEventView } from '@/core/queries/surge/surge-events';
import type { SurgeRuleView } from '@/core/queries/surge/surge-rules';
import type { SurgeBacktestResult } from '@/core/services/surge-rules/backtest-surge-rule';
import {
  createSurgeRuleInputSchema,
  currentSurgesQuerySchema,
  surgeBacktestInputSchema,
  surgeHistoryQuerySchema,
  updateSurgeRuleInputSchema,
} from '@/core/services/surge-rules/schemas';

/** The surge part of /api/v1/openapi.json: surge rules, their change history and current multipliers. */

const labels = z.record(z.string(), z.string());

const surgeRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  demandMetric: z.string(),
  supplyMetric: z.string(),
  groupBy: z.array(z.string()),
  window: z.enum(surgeWindows),
  tiers: z.array(z.object({ ratio: z.number(), multiplier: z.number() })),
  cap: z.number().nullable(),
  holdSeconds: z.number(),
  cooldownSeconds: z.number(),
  incidentMultiplier: z.number().nullable(),
  severity: z.enum(severities),
  enabled: z.boolean(),
  demo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const surgeEventSchema = z.object({
  rule: z.string(),
  ruleName: z.string(),
  group: labels,
  ts: z.string(),
  ratio: z.number().nullable(),
  multiplier: z.number(),
  previous: z.number(),
});
const currentSurgeSchema = z.object({
  rule: z.string(),
  ruleName: z.string(),
  group: labels,
  multiplier: z.number(),
  ratio: z.number().nullable(),
  since: z.string(),
  lastChangeAt: z.string().nullable(),
});
const surgeBacktestSchema = z.object({
  changes: z.array(
    z.object({
      ts: z.string(),
      group: labels,
      ratio: z.number().nullable(),
      multiplier: z.number(),
      previous: z.number(),
    }),
  ),
  surges: z.array(
    z.object({
      group: labels,
      startedAt: z.string(),
      endedAt: z.string().nullable(),
      peakMultiplier: z.number(),
      peakRatio: z.number().nullable(),
      incident: z.boolean(),
    }),
  ),
  evaluations: z.number(),
  stepSeconds: z.number(),
  resolution: z.enum(['second', 'minute']),
  evaluated: z.object({ from: z.string(), to: z.string() }),
  notes: z.array(z.string()),
});

const shapesMatch: [
  Same<z.infer<typeof surgeRuleSchema>, SurgeRuleView>,
  Same<z.infer<typeof surgeEventSchema>, SurgeEventView>,
  Same<z.infer<typeof currentSurgeSchema>, CurrentSurgeView>,
  Same<z.infer<typeof surgeBacktestSchema>, SurgeBacktestResult>,
] = [true, true, true, true];
void shapesMatch;

registerComponents({ SurgeRule: surgeRuleSchema });

type SurgeOperation = {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: 'session';
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Record<number, z.ZodType | null>;
};

const denied = { 401: errorSchema, 403: errorSchema };
const op = (o: Omit<SurgeOperation, 'auth'>): SurgeOperation => ({ ...o, auth: 'session' });

export const surgeOperations: SurgeOperation[] = [
  op({
    method: 'get',
    path: '/api/v1/surge-rules',
    summary: 'surge rules',
    responses: { 200: z.object({ surgeRules: z.array(surgeRuleSchema) }), ...denied },
  }),
  op({
    method: 'post',
    path: '/api/v1/surge-rules',
    summary: 'Create a surge rule (admin)',
    body: createSurgeRuleInputSchema,
    responses: { 201: surgeRuleSchema, 400: errorSchema, ...denied },
  }),
  op({
    method: 'post',
    path: '/api/v1/surge-rules/backtest',
    summary:
      'Replay a draft surge rule over stored demand and supply (operator): when each group would have surged',
    body: surgeBacktestInputSchema,
    responses: { 200: surgeBacktestSchema, 400: errorSchema, ...denied },
  }),
  op({
    method: 'get',
    path: '/api/v1/surge-rules/{id}',
    summary: 'One surge rule',
    responses: { 200: surgeRuleSchema, 404: errorSchema },
  }),
  op({
    method: 'patch',
    path: '/api/v1/surge-rules/{id}',
    summary: 'Change a surge rule (admin)',
    body: updateSurgeRuleInputSchema,
    responses: { 200: surgeRuleSchema, 400: errorSchema, ...denied, 404: errorSchema },
  }),
  op({
    method: 'delete',
    path: '/api/v1/surge-rules/{id}',
    summary: 'Delete a surge rule with its history (admin)',
    responses: { 204: null, ...denied, 404: errorSchema },
  }),
  op({
    method: 'get',
    path: '/api/v1/surges',
    summary: 'Surge multiplier changes, newest first',
    query: surgeHistoryQuerySchema,
    responses: { 200: z.object({ surges: z.array(surgeEventSchema) }), 400: errorSchema, ...denied },
  }),
  op({
    method: 'get',
    path: '/api/v1/surges/current',
    summary: 'The current multiplier of each group of each surge rule',
    query: currentSurgesQuerySchema,
    responses: { 200: z.object({ surges: z.array(currentSurgeSchema) }), 400: errorSchema, ...denied },
  }),
];
