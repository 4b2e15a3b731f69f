import type { Group, SeriesData } from '@/components/realtime/series-data';

/** What the trend is split by. */
export type TrendGrouping = 'source' | 'topic';

/** Only these dimension values (empty: all). */
export type TrendFilters = { source: string; topic: string; type: string };

/** One line of the trend: per bucket, the weighted average score, negative share and number of texts. */
export type TrendLine = {
  key: string;
  points: Array<{ ts: number; average: number; share: number; texts: number }>;
};

export type Trend = {
  lines: TrendLine[];
  /** The whole range, all lines together. */
  total: { average: number | null; share: number | null; texts: number };
  /** Dimension values seen, for the filter choices. */
  seen: { source: string[]; topic: string[]; type: string[] };
};

type Sums = { score: number; negative: number; texts: number };

const matches = (group: Group, filters: TrendFilters) =>
  (!filters.source || group.source === filters.source) &&
  (!filters.topic || group.topic === filters.topic) &&
  (!filters.type || group.type === filters.type);

/**
 * Combines the live 1-second series of the sentiment metrics (stored by source, topic and type) into
 * the chosen grouping and buckets. Each second's average and share are weighted by its number of texts,
 * so a bucket's value is exactly the average over the texts in it, whatever the split.
 */
export function buildTrend(
  average: SeriesData | undefined,
  share: SeriesData | undefined,
  volume: SeriesData | undefined,
  options: { grouping: TrendGrouping; filters: TrendFilters; from: number; to: number; bucketMs: number },
): Trend {
  const seen = { source: new Set<string>(), topic: new Set<string>(), type: new Set<string>() };
  const byLine = new Map<string, Map<number, Sums>>();
  const total: Sums = { score: 0, negative: 0, texts: 0 };
  for (const [groupKey, counts] of volume?.groups ?? []) {
    const { group } = counts;
    seen.source.add(group.source ?? '');
    seen.topic.add(group.topic ?? '');
    seen.type.add(group.type ?? '');
    if (!matches(group, options.filters)) continue;
    const averages = average?.groups.get(groupKey)?.points;
    const shares = share?.groups.get(groupKey)?.points;
    const line = group[options.grouping] || `(no ${options.grouping})`;
    let buckets = byLine.get(line);
    if (!buckets) byLine.set(line, (buckets = new Map<number, Sums>()));
    for (const [ts, texts] of counts.points) {
      if (ts < options.from || ts > options.to || texts <= 0) continue;
      const avg = averages?.get(ts);
      const neg = shares?.get(ts);
      // A frame of one metric can be a moment ahead of the other's: use only seconds all three have.
      if (avg === undefined || neg === undefined) continue;
      const bucket = Math.floor(ts / options.bucketMs) * options.bucketMs;
      const sums = buckets.get(bucket) ?? { score: 0, negative: 0, texts: 0 };
      sums.score += avg * texts;
      sums.negative += neg * texts;
      sums.texts += texts;
      buckets.set(bucket, sums);
      total.score += avg * texts;
      total.negative += neg * texts;
      total.texts += texts;
    }
  }
  const lines: TrendLine[] = [...byLine]
    .map(([key, buckets]) => ({
      key,
      points: [...buckets]
        .sort((a, b) => a[0] - b[0])
        .map(([ts, s]) => ({ ts, average: s.score / s.texts, share: s.negative / s.texts, texts: s.texts })),
    }))
    .filter((line) => line.points.length > 0)
    .sort((a, b) => a.key.localeCompare(b.key));
  const sorted = (values: Set<string>) => [...values].filter(Boolean).sort();
  return {
    lines,
    total: {
      average: total.texts > 0 ? total.score / total.texts : null,
      share: total.texts > 0 ? total.negative / total.texts : null,
      texts: total.texts,
    },
    seen: { source: sorted(seen.source), topic: sorted(seen.topic), type: sorted(seen.type) },
  };
}
