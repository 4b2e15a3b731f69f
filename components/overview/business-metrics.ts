import { useMemo } from 'react';
import {
  isMissingMetric,
  useMetricCatalogue,
  useMetricCurrent,
  useRecentSeries,
  type MetricSummary,
} from '@/components/metrics/catalogue-api';
import { seriesDataFromResponse, seriesInWindow } from '@/components/realtime/series-data';
import { useLiveSeries } from '@/components/realtime/socket';
import { minuteTotals, sumByTime, totalOverLast, type Points } from './kpis';

/** The starter metrics the overview shows beside the event counts (seeded at start; an admin may delete them). */
export const revenueMetric = 'revenue';
export const latencyMetric = 'api_latency_p95';

/** `ready` once the data is in; `absent` when the metric is not in the catalogue (deleted, or never seeded). */
export type PanelStatus = 'loading' | 'ready' | 'absent' | 'error';

export type RevenueView = {
  status: PanelStatus;
  unit: string;
  /** Sum over the last 60 s (the second in progress included). */
  lastMinute: number | null;
  perSecond: Points;
  /** Per-minute totals over the last hour. */
  minutes: Points;
  minutesFrom: number;
};

export type LatencyView = {
  status: PanelStatus;
  unit: string;
  /** The rolling p95 of the last minute, from the merged sketches (null: no requests in that minute). */
  p95: number | null;
  perSecond: Points;
};

const noDimensions: readonly string[] = [];
const hourMs = 3_600_000;
const noPoints: Points = [];

function catalogueStatus(
  catalogue: { data?: MetricSummary[]; isError: boolean },
  name: string,
): { metric: MetricSummary | null; status: PanelStatus } {
  if (catalogue.data) {
    const metric = catalogue.data.find((m) => m.name === name) ?? null;
    return { metric, status: metric ? 'ready' : 'absent' };
  }
  return { metric: null, status: catalogue.isError ? 'error' : 'loading' };
}

function statusOf(
  base: PanelStatus,
  query: { data?: unknown; error: unknown; isError: boolean },
): PanelStatus {
  if (base !== 'ready') return base;
  if (query.isError && query.data === undefined) return isMissingMetric(query.error) ? 'absent' : 'error';
  return query.data === undefined ? 'loading' : 'ready';
}

/**
 * Revenue and API latency for the overview. Revenue per minute is additive, so the tile sums the live
 * 1-second buckets of the last 60 s. A p95 is not: per-second p95s cannot be combined into the minute's
 * p95, so the tile polls `/current?window=1m`, which merges the minute's sketches on the server; the
 * sparkline and chart plot the per-second p95 frames. `shown` says which of the two the layout shows.
 */
export function useBusinessMetrics(
  now: number,
  windowMs: number,
  shown: { revenue: boolean; latency: boolean } = { revenue: true, latency: true },
): { revenue: RevenueView; latency: LatencyView } {
  const catalogue = useMetricCatalogue(30_000);
  const revenueEntry = catalogueStatus(catalogue, revenueMetric);
  const latencyEntry = catalogueStatus(catalogue, latencyMetric);
  // A panel the layout leaves out subscribes to nothing.
  const revenueOn = revenueEntry.metric !== null && shown.revenue;
  const latencyOn = latencyEntry.metric !== null && shown.latency;

  const revenueLive = useLiveSeries({
    name: revenueMetric,
    groupBy: noDimensions,
    windowMs,
    enabled: revenueOn,
  });
  const revenueHour = useRecentSeries(revenueMetric, {
    rangeMs: hourMs,
    step: '1m',
    refetchIntervalMs: 10_000,
    enabled: revenueOn,
  });
  const latencyLive = useLiveSeries({
    name: latencyMetric,
    groupBy: noDimensions,
    windowMs,
    enabled: latencyOn,
  });
  const latencyNow = useMetricCurrent(latencyMetric, {
    window: '1m',
    refetchIntervalMs: 5_000,
    enabled: latencyOn,
  });

  const revenueStatus = statusOf(revenueEntry.status, revenueLive);
  const latencyStatus = statusOf(statusOf(latencyEntry.status, latencyNow), latencyLive);
  const revenueUnit = revenueEntry.metric?.unit ?? '';
  const latencyUnit = latencyEntry.metric?.unit ?? '';

  const revenue = useMemo((): RevenueView => {
    const from = now - windowMs;
    const live = revenueLive.data ? sumByTime(seriesInWindow(revenueLive.data, from, now)) : null;
    const minutesFrom = now - hourMs;
    const stored = revenueHour.data
      ? sumByTime(seriesInWindow(seriesDataFromResponse(revenueHour.data), minutesFrom, now))
      : noPoints;
    return {
      status: revenueStatus,
      unit: revenueUnit,
      lastMinute: live && now > 0 ? totalOverLast(live, now, 60) : null,
      perSecond: live ?? noPoints,
      minutes: revenueStatus === 'ready' ? minuteTotals(stored, live, from) : noPoints,
      minutesFrom,
    };
  }, [revenueLive.data, revenueHour.data, revenueStatus, revenueUnit, now, windowMs]);

  const latency = useMemo((): LatencyView => {
    const from = now - windowMs;
    return {
      status: latencyStatus,
      unit: latencyUnit,
      p95: latencyNow.data?.value ?? null,
      perSecond: latencyLive.data ? sumByTime(seriesInWindow(latencyLive.data, from, now)) : noPoints,
    };
  }, [latencyLive.data, latencyNow.data, latencyStatus, latencyUnit, now, windowMs]);

  return { revenue, latency };
}
