import { useQuery } from '@tanstack/react-query';
import { ApiError, getJson } from '@/components/api/fetch-json';
import type { SeriesResponse } from '@/components/realtime/series-data';
import type { MetricSummary } from '@/core/queries/metrics/list-metrics';

export type { MetricSummary };

/** `GET /api/v1/metrics/{name}/current` answer. */
export type CurrentResponse = {
  name: string;
  window: string;
  value: number | null;
  series: Array<{ group: Record<string, string>; value: number | null }>;
  top?: Array<{ item: string; count: number; error: number }>;
};

export const metricsQueryKey = ['metrics'] as const;

export function metricPath(name: string, rest = ''): string {
  return `/api/v1/metrics/${encodeURIComponent(name)}${rest}`;
}

/**
 * The metric catalogue, shared by every page that needs it (one cache entry).
 * @param refetchIntervalMs - re-read this often, so a metric an admin deletes elsewhere disappears
 */
export function useMetricCatalogue(refetchIntervalMs?: number) {
  return useQuery({
    queryKey: metricsQueryKey,
    queryFn: async ({ signal }) =>
      (await getJson<{ metrics: MetricSummary[] }>('/api/v1/metrics', signal)).metrics,
    refetchInterval: refetchIntervalMs ?? false,
  });
}

/** The rolling value over the last `window` (`GET …/current`), polled. */
export function useMetricCurrent(
  name: string,
  options: { window?: '1m' | '5m' | '15m' | '1h'; refetchIntervalMs: number; enabled: boolean },
) {
  const window = options.window ?? '1m';
  return useQuery({
    queryKey: ['metric-current', name, window] as const,
    queryFn: ({ signal }) => getJson<CurrentResponse>(metricPath(name, `/current?window=${window}`), signal),
    refetchInterval: options.refetchIntervalMs,
    staleTime: 0,
    enabled: options.enabled,
  });
}

/**
 * A metric's series over the last `rangeMs` at a coarse `step`, re-read every `refetchIntervalMs`
 * (the range slides with each read; the query key does not change).
 */
export function useRecentSeries(
  name: string,
  options: { rangeMs: number; step: '1m' | '5m' | '1h'; refetchIntervalMs: number; enabled: boolean },
) {
  const { rangeMs, step } = options;
  return useQuery({
    queryKey: ['metric-series-recent', name, step, rangeMs] as const,
    queryFn: ({ signal }) => {
      const to = Date.now() + 1000;
      const params = new URLSearchParams({
        from: new Date(to - rangeMs).toISOString(),
        to: new Date(to).toISOString(),
        step,
      });
      return getJson<SeriesResponse>(metricPath(name, `/series?${params.toString()}`), signal);
    },
    refetchInterval: options.refetchIntervalMs,
    staleTime: 0,
    enabled: options.enabled,
  });
}

/** True when a request failed because the metric is not (or no longer) in the catalogue. */
export function isMissingMetric(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
