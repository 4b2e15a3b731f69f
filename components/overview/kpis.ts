import type { PlotSeries } from '@/components/realtime/series-data';

export type Points = Array<[number, number]>;

const secondMs = 1000;

/** The sum over all series per bucket, sorted by time. */
export function sumByTime(series: readonly PlotSeries[]): Points {
  const totals = new Map<number, number>();
  for (const s of series) for (const [t, v] of s.points) totals.set(t, (totals.get(t) ?? 0) + v);
  return [...totals.entries()].sort((a, b) => a[0] - b[0]);
}

/** How many series have a non-zero value in each bucket, sorted by time. */
export function activeCountByTime(series: readonly PlotSeries[]): Points {
  const counts = new Map<number, number>();
  for (const s of series) for (const [t, v] of s.points) if (v > 0) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]);
}

/**
 * The average per second over the last `seconds` complete seconds before `now` (the bucket in
 * progress is left out, so the value does not dip at the start of every second).
 */
export function averagePerSecond(
  points: ReadonlyArray<readonly [number, number]>,
  now: number,
  seconds = 10,
) {
  const end = Math.floor(now / secondMs) * secondMs;
  const start = end - seconds * secondMs;
  let total = 0;
  for (const [t, v] of points) if (t >= start && t < end) total += v;
  return total / seconds;
}

/** The total over the last `seconds` seconds, the bucket in progress included. */
export function totalOverLast(points: ReadonlyArray<readonly [number, number]>, now: number, seconds = 60) {
  const start = Math.floor(now / secondMs) * secondMs - (seconds - 1) * secondMs;
  let total = 0;
  for (const [t, v] of points) if (t >= start && t <= now) total += v;
  return total;
}

/** A rate for a KPI tile: one decimal below 10, whole numbers above, no thousands separators. */
export function formatRate(value: number): string {
  if (value === 0) return '0';
  if (value < 10) return value.toFixed(1);
  return String(Math.round(value));
}

export function formatCount(value: number): string {
  return String(Math.round(value));
}

const minuteMs = 60_000;

/**
 * Per-minute totals for the last hour: the stored 1-minute rollups, except that each minute starting
 * inside the live 1-second window (`liveFrom` onwards, the minute in progress included) is summed from
 * the live buckets, so the newest point moves every second instead of every rollup read.
 */
export function minuteTotals(
  rollup: ReadonlyArray<readonly [number, number]>,
  live: ReadonlyArray<readonly [number, number]> | null,
  liveFrom: number,
): Points {
  const totals = new Map<number, number>();
  const liveStart = Math.ceil(liveFrom / minuteMs) * minuteMs;
  for (const [t, v] of rollup) if (live === null || t < liveStart) totals.set(t, v);
  if (live !== null) {
    for (const [t, v] of live) {
      const minute = Math.floor(t / minuteMs) * minuteMs;
      if (minute < liveStart) continue;
      totals.set(minute, (totals.get(minute) ?? 0) + v);
    }
  }
  return [...totals.entries()].sort((a, b) => a[0] - b[0]);
}
