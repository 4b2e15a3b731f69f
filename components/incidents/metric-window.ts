import { useQuery } from '@tanstack/react-query';
import { getJson } from '@/components/api/fetch-json';
import type { SeriesResponse } from '@/components/realtime/series-data';
import type { AlertChartLine } from './alert-chart';

/** A metric over a fixed range (`GET …/series`), one line per group, optionally only one group. */
export function useMetricWindow(options: {
  metric: string | null;
  groupBy: readonly string[];
  from: number;
  to: number;
  step: '10s' | '1m' | '5m';
  /** Keep only the group with these labels. */
  only?: Record<string, string>;
  refetchIntervalMs?: number;
}) {
  const { metric, groupBy, from, to, step, only } = options;
  return useQuery({
    queryKey: ['metric-window', metric, groupBy.join(','), from, to, step] as const,
    enabled: metric !== null,
    refetchInterval: options.refetchIntervalMs ?? false,
    queryFn: async ({ signal }) => {
      const params = new URLSearchParams({
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        step,
      });
      if (groupBy.length > 0) params.set('group', groupBy.join(','));
      return getJson<SeriesResponse>(
        `/api/v1/metrics/${encodeURIComponent(metric ?? '')}/series?${params.toString()}`,
        signal,
      );
    },
    select: (body): AlertChartLine[] =>
      body.series
        .filter((s) => !only || Object.entries(only).every(([k, v]) => s.group[k] === v))
        .map((s) => {
          const label = Object.entries(s.group)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ');
          return {
            id: label || 'all',
            name: label || (metric ?? ''),
            points: s.points
              .filter((p): p is [string, number] => p[1] !== null)
              .map(([ts, v]) => [Date.parse(ts), v] as const),
          };
        }),
  });
}
