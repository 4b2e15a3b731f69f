import type { SeriesState } from '@/lib/alerting/types';

/** A state change of one series in a backtest answer. */
export type Transition = {
  ts: string;
  series: Record<string, string>;
  from: SeriesState;
  to: SeriesState;
  value: number | null;
};

/** One time the draft would have fired: from entering firing to leaving it (null: still firing). */
export type FiredRow = {
  series: Record<string, string>;
  firedAt: string;
  resolvedAt: string | null;
  value: number | null;
};

const active = (s: SeriesState) => s === 'firing' || s === 'flapping';
export const seriesKeyOf = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort());

/** The would-have-fired list from the backtest's transitions, in time order. */
export function firedRows(transitions: readonly Transition[]): FiredRow[] {
  const rows: FiredRow[] = [];
  const open = new Map<string, FiredRow>();
  for (const t of transitions) {
    const key = seriesKeyOf(t.series);
    if (active(t.to) && !active(t.from)) {
      const row = { series: t.series, firedAt: t.ts, resolvedAt: null, value: t.value };
      rows.push(row);
      open.set(key, row);
    } else if (!active(t.to) && active(t.from)) {
      const row = open.get(key);
      if (row) row.resolvedAt = t.ts;
      open.delete(key);
    }
  }
  return rows;
}
