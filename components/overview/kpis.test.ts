import { describe, expect, it } from 'vitest';
import { minuteTotals, totalOverLast } from './kpis';

const minute = 60_000;
const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('minuteTotals', () => {
  it('keeps stored minutes before the live window and sums the live seconds from its first whole minute', () => {
    const rollup: Array<[number, number]> = [
      [t0, 10],
      [t0 + minute, 20],
      [t0 + 2 * minute, 5], // superseded by live data
    ];
    const live: Array<[number, number]> = [
      [t0 + minute + 30_000, 99], // inside a minute the live window only partly covers: ignored
      [t0 + 2 * minute + 1_000, 4],
      [t0 + 2 * minute + 2_000, 3.5],
      [t0 + 3 * minute + 5_000, 1], // the minute in progress
    ];
    const liveFrom = t0 + minute + 15_000;
    expect(minuteTotals(rollup, live, liveFrom)).toEqual([
      [t0, 10],
      [t0 + minute, 20],
      [t0 + 2 * minute, 7.5],
      [t0 + 3 * minute, 1],
    ]);
  });

  it('uses the stored minutes alone until the live series has loaded', () => {
    expect(minuteTotals([[t0, 3]], null, t0 - minute)).toEqual([[t0, 3]]);
  });
});

describe('totalOverLast', () => {
  it('sums the last 60 one-second buckets, the one in progress included', () => {
    const now = t0 + 59_500;
    const points: Array<[number, number]> = [
      [t0 - 1_000, 100], // 61 s ago: out
      [t0, 2],
      [t0 + 59_000, 3],
    ];
    expect(totalOverLast(points, now, 60)).toBe(5);
  });
});
