import { z } from 'zod';
import { errorSchema } from '@/contracts/responses/common';
import {
  currentSurgeSchema,
  surgeBacktestSchema,
  surgeEventSchema,
  surgeRuleSchema,
} from '@/contracts/responses/surge';
import { registerComponents } from '@/server/openapi-components';
import {
  createSurgeRuleInputSchema,
  currentSurgesQuerySchema,
  surgeBacktestInputSchema,
  surgeHistoryQuerySchema,
  updateSurgeRuleInputSchema,
} from '@/core/services/surge-rules/schemas';

/** The surge part of /api/v1/openapi.json: surge rules, their change history and current multipliers. */

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
