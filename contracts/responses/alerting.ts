import { z } from 'zod';
import { ruleKindNames } from '@/lib/alerting/kinds';
import { comparisonOps } from '@/lib/alerting/kinds/kind';
import {
  incidentEventKinds,
  incidentStatuses,
  ruleWindows,
  seriesStates,
  severities,
  weekDays,
} from '@/lib/alerting/types';
import { aggregations } from '@/lib/metrics/aggregations';
import { evaluationFailureSchema, labelsSchema as labels, nextCursorSchema } from './common';

// What the alerting API answers: rules, incidents, silences, maintenance windows, backtests.

export const userRefSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type UserRef = z.infer<typeof userRefSchema>;

const matchers = z.object({
  ruleId: z.string().optional(),
  labels: labels.optional(),
  series: labels.optional(),
});

/** A rule as the REST API returns it. */
export const ruleSchema = z.object({
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
  /** Seeded by the demo as an example (shown with a Demo badge); editable and removable like any other. */
  demo: z.boolean(),
  /** Set while the engine cannot evaluate it (a rule that looks enabled and does not fire): why, since when. */
  evaluationFailure: evaluationFailureSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RuleView = z.infer<typeof ruleSchema>;

const suppression = z.object({
  type: z.enum(['silence', 'maintenance_window']),
  id: z.string(),
  name: z.string(),
});

/** A series the engine is tracking: not ok, or recently fired (flap detection). */
export const ruleSeriesSchema = z.object({
  series: labels,
  seriesKey: z.string(),
  state: z.enum(seriesStates),
  since: z.string(),
  lastValue: z.number().nullable(),
  lastEvalAt: z.string(),
  incidentId: z.string().nullable(),
  suppressedBy: suppression.nullable(),
});
export type RuleSeriesView = z.infer<typeof ruleSeriesSchema>;

export const ruleDetailSchema = ruleSchema.extend({ series: z.array(ruleSeriesSchema) });
export type RuleDetail = z.infer<typeof ruleDetailSchema>;

/** An incident as the REST API returns it and as the socket `incident` frame carries it. */
export const incidentSchema = z.object({
  id: z.string(),
  /** The alert rule; null for a surge incident or once the rule is deleted. */
  ruleId: z.string().nullable(),
  /** The surge rule, for an incident a surge opened above its incident multiplier. */
  surgeRuleId: z.string().nullable(),
  ruleName: z.string(),
  title: z.string(),
  status: z.enum(incidentStatuses),
  severity: z.enum(severities),
  series: labels,
  seriesKey: z.string(),
  /** The rule's labels and runbook (empty once the rule is deleted). */
  labels,
  runbookUrl: z.string().nullable(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  flapping: z.boolean(),
  openedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: userRefSchema.nullable(),
  resolvedAt: z.string().nullable(),
  /** `auto` when the rule cleared. */
  resolvedBy: z.union([userRefSchema, z.literal('auto')]).nullable(),
  assignee: userRefSchema.nullable(),
  dedupKey: z.string(),
  reopenedCount: z.number(),
  updatedAt: z.string(),
});
export type IncidentView = z.infer<typeof incidentSchema>;

export const incidentTimelineEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  kind: z.enum(incidentEventKinds),
  /** Null for the rules engine. */
  actor: z.object({ id: z.string().nullable(), email: z.string() }).nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type IncidentTimelineEntry = z.infer<typeof incidentTimelineEntrySchema>;

export const incidentDetailSchema = incidentSchema.extend({
  timeline: z.array(incidentTimelineEntrySchema),
  /** Everyone the timeline names by id (actors, assignees), for writing their names. */
  people: z.array(userRefSchema),
});
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

export const incidentListSchema = z.object({
  incidents: z.array(incidentSchema),
  nextCursor: nextCursorSchema,
});
export type IncidentList = z.infer<typeof incidentListSchema>;

/** Seconds from opening to a step, over the incidents that reached it. */
const durations = z.object({
  count: z.number(),
  meanSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});
export type DurationStats = z.infer<typeof durations>;

const statsGroup = z.object({
  incidents: z.number(),
  timeToAcknowledge: durations,
  timeToResolve: durations,
});
export type IncidentStatsGroup = z.infer<typeof statsGroup>;

export const incidentStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  overall: statsGroup,
  /** By alert rule or surge rule (`surgeRuleId` set); incidents of deleted rules share one row. */
  byRule: z.array(
    statsGroup.extend({
      ruleId: z.string().nullable(),
      surgeRuleId: z.string().nullable(),
      ruleName: z.string(),
    }),
  ),
  bySeverity: z.array(statsGroup.extend({ severity: z.enum(severities) })),
});
export type IncidentStats = z.infer<typeof incidentStatsSchema>;

const createdBy = z.object({ id: z.string().nullable(), email: z.string() });

export const silenceSchema = z.object({
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
export type SilenceView = z.infer<typeof silenceSchema>;

export const maintenanceWindowSchema = z.object({
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
  /** Whether the window is in force right now. */
  activeNow: z.boolean(),
  createdBy,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MaintenanceWindowView = z.infer<typeof maintenanceWindowSchema>;

/** Which stored history a backtest read: 1-second points, 1-minute or 1-hour rollups. */
const backtestResolution = z.enum(['second', 'minute', 'hour']);
export type BacktestResolution = z.infer<typeof backtestResolution>;

/** One stretch of a long backtest, replayed with the states the previous one left. */
const backtestChunk = z.object({ from: z.string(), to: z.string(), evaluations: z.number() });
export type BacktestChunk = z.infer<typeof backtestChunk>;

/** A rule replayed over stored history (lib/alerting/replay.ts), and how it was read. */
export const backtestSchema = z.object({
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
  /** Seconds between replayed evaluations. */
  stepSeconds: z.number(),
  /** Whether current windows were read from 1-second points, 1-minute or 1-hour rollups. */
  resolution: backtestResolution,
  /** The range evaluated (part of the one asked where older history is gone), or null for none. */
  evaluated: z.object({ from: z.string(), to: z.string() }).nullable(),
  /** The stretches replayed, in order. */
  chunks: z.array(backtestChunk),
  /** Why the resolution or the range differ from the plan; empty when they do not. */
  notes: z.array(z.string()),
});
export type BacktestResult = z.infer<typeof backtestSchema>;

/** One evaluation of the rule for the incident's series: its value, and the lines it was judged against. */
const evaluationPoint = z.object({
  ts: z.string(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  /** Where a firing series clears; null for kinds without hysteresis (no data). */
  clear: z.number().nullable(),
  breaching: z.boolean(),
});
export type EvaluationPoint = z.infer<typeof evaluationPoint>;

/** What the incident's rule evaluated around the incident: why it fired, as a chart and a sentence. */
export const incidentEvaluationSchema = z.object({
  incidentId: z.string(),
  rule: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    window: z.enum(ruleWindows),
    groupBy: z.array(z.string()),
    pendingSeconds: z.number(),
    /** The comparison of threshold, rate-of-change and sentiment rules; null for other kinds. */
    op: z.enum(comparisonOps).nullable(),
    /** The rule was edited after the incident opened: the lines are the current rule's. */
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
  /** The unit of `value` (a rate of change is in percent whatever the metric's unit). */
  unit: z.string(),
  from: z.string(),
  to: z.string(),
  stepSeconds: z.number(),
  points: z.array(evaluationPoint),
  /** The engine's evaluation at the instant the incident opened (the end of its windows). */
  breach: evaluationPoint.nullable(),
});
export type IncidentEvaluation = z.infer<typeof incidentEvaluationSchema>;
