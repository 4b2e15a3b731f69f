import { recurrenceActiveUntil } from './time-zone';
import type { Matchers, Recurrence, SeriesLabels, Suppression } from './types';

export type SuppressionTarget = { ruleId: string; ruleLabels: Record<string, string>; series: SeriesLabels };

export type ActiveSilence = {
  id: string;
  matchers: Matchers;
  startsAt: number;
  endsAt: number;
  comment: string;
};

export type MaintenanceWindowSchedule = {
  id: string;
  name: string;
  timeZone: string;
  recurrence: Recurrence | null;
  startsAt: number | null;
  endsAt: number | null;
  matchers: Matchers;
  enabled: boolean;
};

const subset = (wanted: Record<string, string> | undefined, actual: Record<string, string>) =>
  Object.entries(wanted ?? {}).every(([k, v]) => actual[k] === v);

/** Every given matcher holds; no matchers match everything. */
export function matchersMatch(matchers: Matchers, target: SuppressionTarget): boolean {
  if (matchers.ruleId !== undefined && matchers.ruleId !== target.ruleId) return false;
  return subset(matchers.labels, target.ruleLabels) && subset(matchers.series, target.series);
}

export function maintenanceWindowActiveAt(window: MaintenanceWindowSchedule, now: number): boolean {
  return maintenanceWindowActiveUntil(window, now) !== null;
}

/** When the window's period in force at `now` ends, or null when it is not in force. */
export function maintenanceWindowActiveUntil(window: MaintenanceWindowSchedule, now: number): number | null {
  if (!window.enabled) return null;
  if (window.recurrence) return recurrenceActiveUntil(window.recurrence, window.timeZone, now);
  const on =
    window.startsAt !== null && window.endsAt !== null && window.startsAt <= now && now < window.endsAt;
  return on ? window.endsAt : null;
}

/** A rule as a whole (`series` absent: any of its series) or one series of it. */
export type CoverageTarget = Omit<SuppressionTarget, 'series'> & { series?: SeriesLabels };

export type Coverage = {
  /** The latest end among the silences and windows covering the target now. */
  until: number;
  /** Each silence and window in force that covers it. */
  by: Suppression[];
  /** For a rule as a whole: true when every one covering it names series, so only some series are quiet. */
  partial: boolean;
};

/**
 * What keeps a rule or series quiet now, and until when: the console's "Silenced until …". A rule as a
 * whole counts as covered by a suppression that matches some of its series (then `partial` says so).
 */
export function coverageAt(
  target: CoverageTarget,
  silences: readonly ActiveSilence[],
  windows: readonly MaintenanceWindowSchedule[],
  now: number,
): Coverage | null {
  const matches = (m: Matchers) => matchersMatch(m, { ...target, series: target.series ?? { ...m.series } });
  const wholeRule = (m: Matchers) => target.series !== undefined || Object.keys(m.series ?? {}).length === 0;
  let until = 0;
  let partial = true;
  const by: Suppression[] = [];
  const add = (s: Suppression, end: number, m: Matchers) => {
    by.push(s);
    until = Math.max(until, end);
    if (wholeRule(m)) partial = false;
  };
  for (const s of silences) {
    if (s.startsAt <= now && now < s.endsAt && matches(s.matchers)) {
      add({ type: 'silence', id: s.id, name: s.comment || 'silence' }, s.endsAt, s.matchers);
    }
  }
  for (const w of windows) {
    const end = maintenanceWindowActiveUntil(w, now);
    if (end !== null && matches(w.matchers)) {
      add({ type: 'maintenance_window', id: w.id, name: w.name }, end, w.matchers);
    }
  }
  return by.length > 0 ? { until, by, partial } : null;
}

/** The first silence, else maintenance window, that keeps this series from opening an incident now. */
export function findSuppression(
  target: SuppressionTarget,
  silences: readonly ActiveSilence[],
  windows: readonly MaintenanceWindowSchedule[],
  now: number,
): Suppression | null {
  for (const s of silences) {
    if (s.startsAt <= now && now < s.endsAt && matchersMatch(s.matchers, target)) {
      return { type: 'silence', id: s.id, name: s.comment || 'silence' };
    }
  }
  for (const w of windows) {
    if (maintenanceWindowActiveAt(w, now) && matchersMatch(w.matchers, target)) {
      return { type: 'maintenance_window', id: w.id, name: w.name };
    }
  }
  return null;
}
