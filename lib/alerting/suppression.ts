import { recurrenceActiveAt } from './time-zone';
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
  if (!window.enabled) return false;
  if (window.recurrence) return recurrenceActiveAt(window.recurrence, window.timeZone, now);
  return window.startsAt !== null && window.endsAt !== null && window.startsAt <= now && now < window.endsAt;
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
