import {
  groupKeyOf,
  mergeStates,
  pointValue,
  type Aggregation,
  type PointState,
} from '@/lib/metrics/definitions';
import type { Evaluation, PreparedKind, WindowSpec, WindowValue } from './kinds/kind';
import type { SeriesLabels } from './types';

/** What the engine needs of a catalogue metric (a ratio is computed from its two parts). */
export type AlertMetric = {
  name: string;
  aggregation: Aggregation;
  dimensions: string[];
  ratioOf: { numerator: string; denominator: string; scale: number } | null;
};

/** One window's merged states per series key. */
export type SeriesStates = Map<string, { labels: SeriesLabels; state: PointState }>;

export type WindowRead = {
  metric: AlertMetric;
  ranges: readonly WindowSpec[];
  groupBy: readonly string[];
  filter: Readonly<Record<string, string>>;
};

/** Reads windows of a metric, merged per series: from SQL when live, from preloaded points in a backtest. */
export type WindowSource = { read: (query: WindowRead) => Promise<SeriesStates[]> };

export type SeriesEvaluation = { seriesKey: string; labels: SeriesLabels; evaluation: Evaluation };

export type EvaluateInput = {
  kind: PreparedKind;
  metric: AlertMetric;
  /** Resolves the parts of a ratio metric. */
  lookup: (name: string) => AlertMetric | null;
  groupBy: readonly string[];
  windowMs: number;
  /** Exclusive end of the evaluation, a whole second of event time. */
  end: number;
  source: WindowSource;
  /** Series that must be evaluated even without data (pending or firing ones, so they can clear). */
  known: ReadonlyMap<string, SeriesLabels>;
  /** @defaultValue 1000 */
  maxSeries?: number;
};

const emptyState = (): PointState => ({ count: 0, sum: 0, min: null, max: null });

type Part = { metric: AlertMetric; windows: SeriesStates[] };

/** A rule's verdict for each of its series at one instant of event time. */
export async function evaluateRule(input: EvaluateInput): Promise<SeriesEvaluation[]> {
  const ranges = input.kind.windows({ end: input.end, windowMs: input.windowMs });
  const read = async (metric: AlertMetric): Promise<Part> => ({
    metric,
    windows: await input.source.read({ metric, ranges, groupBy: input.groupBy, filter: input.kind.filter }),
  });
  // A ratio reads its numerator and denominator and divides their values per window and series.
  const ratio = input.metric.ratioOf;
  const partMetrics = ratio
    ? [input.lookup(ratio.numerator), input.lookup(ratio.denominator)]
    : [input.metric];
  if (partMetrics.some((m) => m === null))
    throw new Error(`ratio ${input.metric.name} names a missing metric`);
  const [main, denominator] = await Promise.all(partMetrics.map((m) => read(m!)));

  const series = new Map<string, SeriesLabels>(input.known);
  // An ungrouped rule always has its one series: no data at all must still be judged (no data, `< x`).
  if (input.groupBy.length === 0) series.set(seriesKeyOf({}), {});
  const limit = input.maxSeries ?? 1000;
  for (const part of [main!, denominator]) {
    for (const states of part?.windows ?? []) {
      for (const [key, { labels }] of states) {
        if (series.size < limit || series.has(key)) series.set(key, labels);
      }
    }
  }

  const valueOf = (part: Part, i: number, key: string, seconds: number) => {
    const state = part.windows[i]?.get(key)?.state ?? emptyState();
    return { value: pointValue(part.metric.aggregation, state, seconds), count: state.count };
  };
  return [...series].map(([seriesKey, labels]) => {
    const values: WindowValue[] = ranges.map((range, i) => {
      const seconds = (range.to - range.from) / 1000;
      const present = [main, denominator].some((part) => (part?.windows[i]?.size ?? 0) > 0);
      const num = valueOf(main!, i, seriesKey, seconds);
      if (!denominator || !ratio) return { ...num, present };
      const den = valueOf(denominator, i, seriesKey, seconds);
      const value = num.value !== null && den.value ? (num.value / den.value) * ratio.scale : null;
      return { value, count: den.count, present };
    });
    return { seriesKey, labels, evaluation: input.kind.evaluate(values) };
  });
}

/** The labels of a series: the group-by dimensions' values. */
export function seriesKeyOf(labels: SeriesLabels): string {
  return groupKeyOf(labels);
}

/** Merges `part` into the series' state within one window's result. */
export function addToSeries(states: SeriesStates, labels: SeriesLabels, part: PointState): void {
  const key = seriesKeyOf(labels);
  const entry = states.get(key);
  if (entry) mergeStates(entry.state, part);
  else states.set(key, { labels, state: mergeStates(emptyState(), part) });
}

/** Rules that read the same windows in one tick (a warning and a critical threshold) share one read. */
export function memoizeSource(source: WindowSource): WindowSource {
  const reads = new Map<string, Promise<SeriesStates[]>>();
  return {
    read(query) {
      const key = JSON.stringify([query.metric.name, query.ranges, query.groupBy, query.filter]);
      let result = reads.get(key);
      if (!result) reads.set(key, (result = source.read(query)));
      return result;
    },
  };
}
