'use client';

import { useMemo } from 'react';
import { TimeSeriesChart, type ChartSeries } from '@/components/charts/time-series-chart';
import { isMissingMetric, useMetricCurrent, type MetricSummary } from '@/components/metrics/catalogue-api';
import { formatMetricValue } from '@/components/metrics/format';
import { seriesInWindow } from '@/components/realtime/series-data';
import { useLiveSeries } from '@/components/realtime/socket';
import { KpiTile } from './kpi-tile';
import { sumByTime } from './kpis';

const noDimensions: readonly string[] = [];
const metricColor = '#0ea5e9';
/** Counts and sums have a zero in an empty second; averages and percentiles have no value there. */
const additive = new Set(['count', 'rate', 'sum']);

type MetricPanelProps = {
  /**
   * The panel's metric; null when it is not in the catalogue (an admin deleted it), undefined while the
   * catalogue loads.
   */
  metric: MetricSummary | null | undefined;
  name: string;
  now: number;
  windowMs: number;
};

function useMetricLive(
  name: string,
  metric: MetricSummary | null | undefined,
  now: number,
  windowMs: number,
) {
  const live = useLiveSeries({ name, groupBy: noDimensions, windowMs, enabled: Boolean(metric) });
  const points = useMemo(
    () => (live.data ? sumByTime(seriesInWindow(live.data, now - windowMs, now)) : []),
    [live.data, now, windowMs],
  );
  return { live, points };
}

/** A KPI tile for any catalogue metric: its rolling value over the last minute, and a live sparkline. */
export function MetricKpiTile({ metric, name, now, windowMs }: MetricPanelProps) {
  const current = useMetricCurrent(name, {
    window: '1m',
    refetchIntervalMs: 5_000,
    enabled: Boolean(metric),
  });
  const { points } = useMetricLive(name, metric, now, windowMs);
  const absent = metric === null || (current.isError && isMissingMetric(current.error));
  const value = current.data && now > 0 ? formatMetricValue(current.data.value, metric?.unit ?? '') : null;
  return (
    <KpiTile
      slug={`metric-${name}`}
      label={name}
      value={value}
      hint={
        absent
          ? `no ${name} metric in the catalogue`
          : current.isError
            ? `${name} could not be loaded`
            : `${metric?.aggregation ?? 'value'} over the last 60 s`
      }
      spark={points}
      from={now - windowMs}
      to={now}
      color={metricColor}
      absent={absent}
      sparkZeroFill={metric ? additive.has(metric.aggregation) : true}
    />
  );
}

/** A chart for any catalogue metric: its value per second over the last 5 minutes, live. */
export function MetricChart({ metric, name, now, windowMs }: MetricPanelProps) {
  const { live, points } = useMetricLive(name, metric, now, windowMs);
  const series = useMemo(
    (): ChartSeries[] => (points.length > 0 ? [{ id: name, name, color: metricColor, points }] : []),
    [name, points],
  );
  const format = useMemo(() => (v: number) => formatMetricValue(v, metric?.unit ?? ''), [metric?.unit]);
  const empty =
    metric === undefined
      ? 'Loading…'
      : metric === null
        ? `The ${name} metric is not in the catalogue (an admin may have deleted it).`
        : live.isError
          ? `The ${name} series could not be loaded.`
          : live.data === undefined
            ? 'Loading the last 5 minutes…'
            : `No ${name} data in the last 5 minutes.`;
  return (
    <TimeSeriesChart
      title={name}
      slug={`metric-${name}`}
      description={metric?.description || `The ${name} metric, per second.`}
      series={series}
      from={now - windowMs}
      to={now}
      zeroFill={metric ? additive.has(metric.aggregation) : false}
      showLegend={false}
      area
      formatValue={format}
      emptyMessage={empty}
    />
  );
}
