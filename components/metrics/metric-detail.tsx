'use client';

import { useMemo } from 'react';
import { TimeSeriesChart, type ChartSeries } from '@/components/charts/time-series-chart';
import { colorOfType } from '@/components/overview/type-colors';
import { seriesInWindow, type Group } from '@/components/realtime/series-data';
import { useLiveSeries } from '@/components/realtime/socket';
import { useNow } from '@/components/realtime/use-now';
import { isMissingMetric, useMetricCurrent, type MetricSummary } from './catalogue-api';
import { describeAggregation, describeRatio, formatMetricValue, missingMeansZero } from './format';

const windowMs = 15 * 60_000;

function groupLabel(metric: MetricSummary, group: Group): string {
  const values = metric.defaultGroupBy.map((d) => `${group[d] || '(none)'}`);
  return values.length > 0 ? values.join(' · ') : metric.name;
}

/**
 * A metric's last 15 minutes at 1-second steps, split by its default group-by, kept live by frames.
 * Ratios get no frames (they are divided at query time), so their window is re-read every 5 s.
 */
export function MetricDetail({ metric }: { metric: MetricSummary }) {
  const isRatio = metric.ratioOf !== null;
  const live = useLiveSeries({
    name: metric.name,
    groupBy: metric.defaultGroupBy,
    windowMs,
    refetchIntervalMs: isRatio ? 5_000 : undefined,
  });
  // The rolling value is computed from the metric's own points, which a ratio does not have.
  const current = useMetricCurrent(metric.name, {
    window: '1m',
    refetchIntervalMs: 5_000,
    enabled: !isRatio,
  });
  const now = useNow();
  const from = now - windowMs;
  const series = useMemo(
    (): ChartSeries[] =>
      seriesInWindow(live.data, from, now).map((s) => {
        const name = groupLabel(metric, s.group);
        return { id: s.key, name, color: colorOfType(name), points: s.points };
      }),
    [live.data, from, now, metric],
  );
  const formatValue = useMemo(() => (value: number) => formatMetricValue(value, metric.unit), [metric.unit]);
  const empty = live.isError
    ? isMissingMetric(live.error)
      ? 'This metric is no longer in the catalogue.'
      : 'The last 15 minutes could not be loaded.'
    : live.data === undefined || now === 0
      ? 'Loading the last 15 minutes…'
      : metric.eventTypes.length > 0
        ? `No data in the last 15 minutes. Send events of type ${metric.eventTypes.join(', ')} to see them here.`
        : 'No data in the last 15 minutes.';

  return (
    <div className="metric-detail" data-testid={`metric-detail-${metric.name}`}>
      <dl className="metric-facts">
        <div>
          <dt>Computed as</dt>
          <dd>
            <code>{metric.ratioOf ? describeRatio(metric.ratioOf) : describeAggregation(metric)}</code>
          </dd>
        </div>
        <div>
          <dt>Grouped by</dt>
          <dd>
            {metric.defaultGroupBy.length > 0 ? metric.defaultGroupBy.join(', ') : 'nothing (one series)'}
          </dd>
        </div>
        {!isRatio && (
          <div>
            <dt>Last minute</dt>
            <dd data-testid="metric-current">
              {current.data
                ? formatMetricValue(current.data.value, metric.unit)
                : current.isError
                  ? 'unavailable'
                  : '…'}
            </dd>
          </div>
        )}
        {current.data?.top && current.data.top.length > 0 && (
          <div>
            <dt>Top items, last minute</dt>
            <dd>
              <ol className="top-items">
                {current.data.top.slice(0, 5).map((t) => (
                  <li key={t.item}>
                    <code>{t.item}</code> {t.count}
                  </li>
                ))}
              </ol>
            </dd>
          </div>
        )}
      </dl>
      <TimeSeriesChart
        title={`${metric.name}, last 15 minutes`}
        slug={`metric-${metric.name}`}
        description={`1-second buckets${metric.unit ? `, in ${metric.unit}` : ''}, updated live.`}
        series={series}
        from={from}
        to={now}
        zeroFill={missingMeansZero(metric)}
        formatValue={formatValue}
        emptyMessage={empty}
        height={240}
      />
    </div>
  );
}
