import { z } from 'zod';
import { errorSchema, nextCursorSchema, registerComponents, type Same } from '@/server/openapi-components';
import { ruleKindNames } from '@/lib/alerting/kinds';
import { aggregations } from '@/lib/metrics/aggregations';
import {
  incidentEventKinds,
  incidentStatuses,
  ruleWindows,
  seriesStates,
  severities,
  weekDays,
} from '@/lib/alerting/types';
import type { IncidentDetail } from '@/core/queries/incidents/get-incident';
import type { IncidentStats } from '@/core/queries/incidents/incident-stats';
import type { IncidentView } from '@/core/queries/incidents/incident-view';
import type { IncidentList } from '@/core/queries/incidents/list-incidents';
import type { RuleDetail } from '@/core/queries/rules/get-rule';
import type { MaintenanceWindowView } from '@/core/queries/rules/list-maintenance-windows';
import type { SilenceView } from '@/core/queries/rules/list-silences';
import type { RuleView } from '@/core/queries/rules/rule-view';
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
import type { BacktestResult } from '@/core/services/rules/backtest-rule';
import type { IncidentEvaluation } from '@/core/services/incidents/incident-evaluation';
import {
  backtestInputSchema,
  createRuleInputSchema,
  updateRuleInputSchema,
} from '@/core/services/rules/schemas';

/** The alerting part of /api/v1/openapi.json: rules, incidents, silences, maintenance windows. */

const labels = z.record(z.string(), z.string());
const userRef = z.object({ id: z.string(), email: z.string(), name: z.string() });
const matchers = z.object({
  ruleId: z.string().optional(),
  labels: labels.optional(),
  series: labels.optional(),
});

const ruleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(ruleKindNames),
  metric: z.string(),
  groupBy: z.array(z.string()),
  window: z.enum(ruleWindows),
  params: z.record(z.string(), z.unknown()),
  pendingSeconds: z.number(),
  severity: z.enum(severities),
  labels,
  runbookUrl: z.string().nullable(),
  channelIds: z.array(z.string()),
  policyId: z.string().nullable(),
  notifyBudgetPerHour: z.number().nullable(),
  autoResolve: z.boolean(),
  enabled: z.boolean(),
  demo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const suppression = z.object({
  type: z.enum(['silence', 'maintenance_window']),
  id: z.string(),
  name: z.string(),
});
const ruleDetailSchema = ruleSchema.extend({
  series: z.array(
    z.object({
      series: labels,
      seriesKey: z.string(),
      state: z.enum(seriesStates),
      since: z.string(),
      lastValue: z.number().nullable(),
      lastEvalAt: z.string(),
      incidentId: z.string().nullable(),
      suppressedBy: suppression.nullable(),
    }),
  ),
});
const incidentSchema = z.object({
  id: z.string(),
  ruleId: z.string().nullable(),
  surgeRuleId: z.string().nullable(),
  ruleName: z.string(),
  title: z.string(),
  status: z.enum(incidentStatuses),
  severity: z.enum(severities),
  series: labels,
  seriesKey: z.string(),
  labels,
  runbookUrl: z.string().nullable(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  flapping: z.boolean(),
  openedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: userRef.nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.union([userRef, z.literal('auto')]).nullable(),
  assignee: userRef.nullable(),
  dedupKey: z.string(),
  reopenedCount: z.number(),
  updatedAt: z.string(),
});
const incidentDetailSchema = incidentSchema.extend({
  timeline: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      kind: z.enum(incidentEventKinds),
      actor: z.object({ id: z.string().nullable(), email: z.string() }).nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  people: z.array(userRef),
});
const incidentListSchema = z.object({
  incidents: z.array(incidentSchema),
  nextCursor: nextCursorSchema,
});
const durations = z.object({
  count: z.number(),
  meanSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});
const statsGroup = z.object({
  incidents: z.number(),
  timeToAcknowledge: durations,
  timeToResolve: durations,
});
const statsSchema = z.object({
  from: z.string(),
  to: z.string(),
  overall: statsGroup,
  byRule: z.array(
    statsGroup.extend({
      ruleId: z.string().nullable(),
      surgeRuleId: z.string().nullable(),
      ruleName: z.string(),
    }),
  ),
  bySeverity: z.array(statsGroup.extend({ severity: z.enum(severities) })),
});
const createdBy = z.object({ id: z.string().nullable(), email: z.string() });
const silenceSchema = z.object({
  id: z.string(),
  matchers,
  startsAt: z.string(),
  endsAt: z.string(),
  comment: z.string(),
  state: z.enum(['pending', 'active', 'expired']),
  createdBy,
  createdAt: z.string(),
  updatedAt: z.string(),
});
const maintenanceWindowSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  recurrence: z
    .object({ days: z.array(z.enum(weekDays)), start: z.string(), durationMinutes: z.number() })
    .nullable(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  matchers,
  enabled: z.boolean(),
  activeNow: z.boolean(),
  createdBy,
  createdAt: z.string(),
  updatedAt: z.string(),
});
const backtestSchema = z.object({
  transitions: z.array(
    z.object({
      ts: z.string(),
      series: labels,
      from: z.enum(seriesStates),
      to: z.enum(seriesStates),
      value: z.number().nullable(),
    }),
  ),
  incidents: z.array(
    z.object({
      series: labels,
      openedAt: z.string(),
      resolvedAt: z.string().nullable(),
      reopenedCount: z.number(),
      flapping: z.boolean(),
    }),
  ),
  evaluations: z.number(),
  stepSeconds: z.number(),
  resolution: z.enum(['second', 'minute', 'hour']),
  evaluated: z.object({ from: z.string(), to: z.string() }).nullable(),
  chunks: z.array(z.object({ from: z.string(), to: z.string(), evaluations: z.number() })),
  notes: z.array(z.string()),
});

const evaluationPoint = z.object({
  ts: z.string(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  clear: z.number().nullable(),
  breaching: z.boolean(),
});
const incidentEvaluationSchema = z.object({
  incidentId: z.string(),
  rule: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    window: z.enum(ruleWindows),
    groupBy: z.array(z.string()),
    pendingSeconds: z.number(),
    op: z.enum(['>', '>=', '<', '<=']).nullable(),
    changedSinceOpened: z.boolean(),
  }),
  metric: z.object({
    name: z.string(),
    aggregation: z.enum(aggregations),
    valueField: z.string().nullable(),
    unit: z.string(),
    ratio: z.boolean(),
  }),
  series: labels,
  unit: z.string(),
  from: z.string(),
  to: z.string(),
  stepSeconds: z.number(),
  points: z.array(evaluationPoint),
  breach: evaluationPoint.nullable(),
});

// The documented shapes must stay the ones the handlers return: a drift is a compile error here.
const shapesMatch: [
  Same<z.infer<typeof ruleDetailSchema>, RuleDetail>,
  Same<z.infer<typeof ruleSchema>, RuleView>,
  Same<z.infer<typeof incidentSchema>, IncidentView>,
  Same<z.infer<typeof incidentDetailSchema>, IncidentDetail>,
  Same<z.infer<typeof incidentListSchema>, IncidentList>,
  Same<z.infer<typeof statsSchema>, IncidentStats>,
  Same<z.infer<typeof silenceSchema>, SilenceView>,
  Same<z.infer<typeof maintenanceWindowSchema>, MaintenanceWindowView>,
  Same<z.infer<typeof backtestSchema>, BacktestResult>,
  Same<z.infer<typeof incidentEvaluationSchema>, IncidentEvaluation>,
] = [true, true, true, true, true, true, true, true, true, true];
void shapesMatch;

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
    responses: { 200: statsSchema, 400: errorSchema },
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
