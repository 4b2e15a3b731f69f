import { mergeStates, type PointState } from '@/lib/metrics/definitions';
import type { SeriesStates, WindowRead, WindowSource } from './evaluate';
import type { Resolution } from './kinds/kind';
import type { SeriesLabels } from './types';

/** One stored bucket of a metric, already projected to the rule's grouping and filtered. */
export type BucketRow = { bucket: number; seriesKey: string; labels: SeriesLabels; state: PointState };

type SeriesBuckets = { labels: SeriesLabels; buckets: number[]; states: PointState[] };

const minuteMs = 60_000;

/**
 * Answers window reads from buckets loaded once, for a backtest that evaluates thousands of instants.
 * A `second` read falls back to the minute buckets when only those were loaded.
 */
export class MemoryWindowSource implements WindowSource {
  private readonly data = new Map<string, Map<string, SeriesBuckets>>();

  load(metric: string, resolution: Resolution, rows: readonly BucketRow[]): void {
    const bySeries = new Map<string, SeriesBuckets>();
    for (const row of [...rows].sort((a, b) => a.bucket - b.bucket)) {
      let entry = bySeries.get(row.seriesKey);
      if (!entry) bySeries.set(row.seriesKey, (entry = { labels: row.labels, buckets: [], states: [] }));
      const last = entry.buckets.length - 1;
      // Several stored groups project onto one series: merge their buckets.
      if (last >= 0 && entry.buckets[last] === row.bucket) mergeStates(entry.states[last]!, row.state);
      else {
        entry.buckets.push(row.bucket);
        entry.states.push(mergeStates({ count: 0, sum: 0, min: null, max: null }, row.state));
      }
    }
    this.data.set(`${metric}|${resolution}`, bySeries);
  }

  read(query: WindowRead): Promise<SeriesStates[]> {
    return Promise.resolve(
      query.ranges.map((range) => {
        let resolution = range.resolution;
        let series = this.data.get(`${query.metric.name}|${resolution}`);
        if (!series && resolution === 'second') {
          resolution = 'minute';
          series = this.data.get(`${query.metric.name}|minute`);
        }
        const from = resolution === 'minute' ? Math.floor(range.from / minuteMs) * minuteMs : range.from;
        const to = resolution === 'minute' ? Math.floor(range.to / minuteMs) * minuteMs : range.to;
        const out: SeriesStates = new Map();
        for (const [key, s] of series ?? []) {
          let state: PointState | null = null;
          for (let i = lowerBound(s.buckets, from); i < s.buckets.length && s.buckets[i]! < to; i++) {
            state = mergeStates(state ?? { count: 0, sum: 0, min: null, max: null }, s.states[i]!);
          }
          if (state) out.set(key, { labels: s.labels, state });
        }
        return out;
      }),
    );
  }
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
