import { z } from 'zod';
import { errorSchema } from '@/contracts/responses/common';
import {
  backtestSchema,
  incidentDetailSchema,
  incidentEvaluationSchema,
  incidentListSchema,
  incidentSchema,
  incidentStatsSchema,
  maintenanceWindowSchema,
  ruleDetailSchema,
  ruleSchema,
  silenceSchema,
} from '@/contracts/responses/alerting';
import { registerComponents } from '@/server/openapi-components';
import {
  assignInputSchema,
  commentInputSchema,
  incidentActionInputSchema,
  incidentStatsQuerySchema,
  listIncidentsQuerySchema,
} from '@/core/services/incidents/schemas';
import {
  createMaintenanceWindowInputSchema,
  updateMaintenanceWindowInputSchema,
} from '@/core/services/maintenance-windows/schemas';
import {
  createSilenceInputSchema,
  listSilencesQuerySchema,
  updateSilenceInputSchema,
} from '@/core/services/silences/schemas';
import {
  backtestInputSchema,
  createRuleInputSchema,
  updateRuleInputSchema,
} from '@/core/services/rules/schemas';

/** The alerting part of /api/v1/openapi.json: rules, incidents, silences, maintenance windows. */

registerComponents({
  Rule: ruleSchema,
  RuleDetail: ruleDetailSchema,
  Incident: incidentSchema,
  IncidentDetail: incidentDetailSchema,
  IncidentList: incidentListSchema,
  Silence: silenceSchema,
  MaintenanceWindow: maintenanceWindowSchema,
});

type AlertingOperation = {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: 'session';
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Record<number, z.ZodType | null>;
};

const denied = { 401: errorSchema, 403: errorSchema };
const op = (o: Omit<AlertingOperation, 'auth'>): AlertingOperation => ({ ...o, auth: 'session' });
const crud = (
  path: string,
  noun: string,
  role: string,
  item: z.ZodType,
  list: z.ZodType,
  create: z.ZodType,
  update: z.ZodType,
  listQuery?: z.ZodType,
): AlertingOperation[] => [
  op({
    method: 'get',
    path,
    summary: `${noun}s`,
    query: listQuery,
    responses: { 200: list, 400: errorSchema },
  }),
  op({
    method: 'post',
    path,
    summary: `Create a ${noun} (${role})`,
    body: create,
    responses: { 201: item, 400: errorSchema, ...denied },
  }),
  op({
    method: 'get',
    path: `${path}/{id}`,
    summary: `One ${noun}`,
    responses: { 200: item, 404: errorSchema },
  }),
  op({
    method: 'patch',
    path: `${path}/{id}`,
    summary: `Change a ${noun} (${role})`,
    body: update,
    responses: { 200: item, 400: errorSchema, ...denied, 404: errorSchema },
  }),
  op({
    method: 'delete',
    path: `${path}/{id}`,
    summary: `Delete a ${noun} (${role})`,
    responses: { 204: null, ...denied, 404: errorSchema },
  }),
];

const incidentAction = (verb: string, summary: string, body: z.ZodType): AlertingOperation =>
  op({
    method: 'post',
    path: `/api/v1/incidents/{id}/${verb}`,
    summary,
    body,
    responses: { 200: incidentSchema, 400: errorSchema, ...denied, 404: errorSchema, 409: errorSchema },
  });

export const alertingOperations: AlertingOperation[] = [
  ...crud(
    '/api/v1/rules',
    'rule',
    'admin',
    ruleSchema,
    z.object({ rules: z.array(ruleSchema) }),
    createRuleInputSchema,
    updateRuleInputSchema,
  ).map((o) =>
    o.method === 'get' && o.path.endsWith('{id}')
      ? { ...o, responses: { 200: ruleDetailSchema, 404: errorSchema } }
      : o,
  ),
  op({
    method: 'post',
    path: '/api/v1/rules/backtest',
    summary: 'Replay a draft rule over stored history (operator): when it would have fired',
    body: backtestInputSchema,
    responses: { 200: backtestSchema, 400: errorSchema, ...denied },
  }),
  op({
    method: 'get',
    path: '/api/v1/incidents',
    summary: 'Incidents, newest first',
    query: listIncidentsQuerySchema,
    responses: { 200: incidentListSchema, 400: errorSchema },
  }),
  op({
    method: 'get',
    path: '/api/v1/incidents/stats',
    summary: 'Time to acknowledge and to resolve (mean, p90) by rule and severity',
    query: incidentStatsQuerySchema,
    responses: { 200: incidentStatsSchema, 400: errorSchema },
  }),
  op({
    method: 'get',
    path: '/api/v1/incidents/{id}',
    summary: 'One incident with its timeline',
    responses: { 200: incidentDetailSchema, 404: errorSchema },
  }),
  op({
    method: 'get',
    path: '/api/v1/incidents/{id}/evaluation',
    summary: 'The rule evaluated around the incident: its value, threshold and clear lines, the breach',
    responses: { 200: incidentEvaluationSchema, 404: errorSchema, 409: errorSchema },
  }),
  incidentAction(
    'ack',
    'Acknowledge (operator); the body and its note are optional',
    incidentActionInputSchema,
  ),
  incidentAction(
    'resolve',
    'Resolve (operator); the body and its note are optional',
    incidentActionInputSchema,
  ),
  incidentAction('comments', 'Comment (operator)', commentInputSchema),
  incidentAction('assign', 'Assign to a user, or unassign with null (operator)', assignInputSchema),
  ...crud(
    '/api/v1/silences',
    'silence',
    'operator',
    silenceSchema,
    z.object({ silences: z.array(silenceSchema) }),
    createSilenceInputSchema,
    updateSilenceInputSchema,
    listSilencesQuerySchema,
  ),
  ...crud(
    '/api/v1/maintenance-windows',
    'maintenance window',
    'admin',
    maintenanceWindowSchema,
    z.object({ maintenanceWindows: z.array(maintenanceWindowSchema) }),
    createMaintenanceWindowInputSchema,
    updateMaintenanceWindowInputSchema,
  ),
];
