/** The alerting vocabulary (DESIGN.md "Alerting model"), shared by the schema, the engine and the API. */

export const severities = ['critical', 'error', 'warning', 'info'] as const;
export type Severity = (typeof severities)[number];

/** A series of a rule: ok → pending → firing → ok, plus flapping when it fires and clears repeatedly. */
export const seriesStates = ['ok', 'pending', 'firing', 'flapping'] as const;
export type SeriesState = (typeof seriesStates)[number];

export const incidentStatuses = ['triggered', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

/** Kinds of incident timeline entries; `notification` entries are written by the notification workers. */
export const incidentEventKinds = [
  'opened',
  'pending',
  'firing',
  'cleared',
  'flapping',
  'acknowledged',
  'resolved',
  'reopened',
  'comment',
  'assigned',
  'notification',
] as const;
export type IncidentEventKind = (typeof incidentEventKinds)[number];

export const ruleWindows = ['1m', '5m', '15m', '1h'] as const;
export type RuleWindow = (typeof ruleWindows)[number];
export const ruleWindowMs: Record<RuleWindow, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
};

/** Labels of a series: the values of the rule's group-by dimensions (`{}` when ungrouped). */
export type SeriesLabels = Record<string, string>;

/**
 * What a silence or maintenance window applies to. Every given matcher must hold: the rule, a subset of
 * the rule's labels, a subset of the series labels. A window without matchers covers every rule.
 */
export type Matchers = {
  ruleId?: string;
  labels?: Record<string, string>;
  series?: Record<string, string>;
};

export const weekDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekDay = (typeof weekDays)[number];

/** A weekly recurrence in a time zone: starting at local `start` on each of `days`, for `durationMinutes`. */
export type Recurrence = { days: WeekDay[]; start: string; durationMinutes: number };

/** Why a firing series opened no incident. */
export type Suppression = { type: 'silence' | 'maintenance_window'; id: string; name: string };
