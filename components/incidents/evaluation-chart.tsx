'use client';

import { useQuery } from '@tanstack/react-query';
import { MarkAreaComponent, MarkPointComponent } from 'echarts/components';
import Link from 'next/link';
import { useId, useMemo } from 'react';
import { ApiError, getJson } from '@/components/api/fetch-json';
import { echarts, type ChartOption, type LineSeries } from '@/components/charts/echarts';
import { useECharts } from '@/components/charts/use-echarts';
import { chartGrid, timeAxis, timeChartBase, valueSplitLine } from '@/components/charts/option-parts';
import { TimeZoneCaption } from '@/components/charts/zoned-time-axis';
import { explorerQuery, defaultExplorerState } from '@/components/explore/explore-state';
import { formatMetricValue } from '@/components/metrics/format';
import { useColorScheme } from '@/components/theme/use-color-scheme';
import { useTimeFormat } from '@/components/time/time-zone';
import { stepSeconds, steps } from '@/core/services/metrics/schemas';
import { incidentPath, type IncidentView } from './incident-api';
import type { IncidentEvaluation } from '@/contracts/responses/alerting';

echarts.use([MarkAreaComponent, MarkPointComponent]);

export type { IncidentEvaluation };

export const incidentEvaluationKey = (id: string) => ['incidents', 'evaluation', id] as const;

/** The rule's evaluation around an incident; re-read every 10 s while it is open. */
export function useIncidentEvaluation(incident: Pick<IncidentView, 'id' | 'resolvedAt' | 'ruleId'>) {
  return useQuery({
    queryKey: incidentEvaluationKey(incident.id),
    enabled: incident.ruleId !== null,
    queryFn: ({ signal }) => getJson<IncidentEvaluation>(incidentPath(incident.id, '/evaluation'), signal),
    refetchInterval: incident.resolvedAt === null ? 10_000 : false,
  });
}

const opWords: Record<string, string> = {
  '>': 'above',
  '>=': 'at or above',
  '<': 'below',
  '<=': 'at or below',
};

/** `the p95 of checkout_latency over 5m`: what the rule computes, in its own terms. */
export function describeEvaluated(e: IncidentEvaluation): string {
  const m = e.metric;
  const base = m.ratio ? m.name : `the ${m.aggregation} of ${m.name}`;
  if (e.rule.kind === 'rate_of_change')
    return `the change in ${base.replace(/^the /, '')} over ${e.rule.window}`;
  if (e.rule.kind === 'no_data') return `the events of ${m.name} in the no-data window`;
  return `${base} over ${e.rule.window}`;
}

/** The Explore address of the same query: metric, rule window, grouping and series, around the incident. */
export function exploreHref(e: IncidentEvaluation): string {
  // Explore's steps are fewer than the evaluation's: the nearest one at least as coarse.
  const step = steps.find((s) => stepSeconds[s] >= e.stepSeconds) ?? '1d';
  return `/explore?${explorerQuery({
    ...defaultExplorerState,
    metric: e.metric.name,
    group: e.rule.groupBy,
    range: 'custom',
    from: Date.parse(e.from),
    to: Date.parse(e.to),
    step,
    window: e.rule.window,
    where: e.series,
  })}`;
}

/**
 * Why the incident fired: the value the rule evaluated (same aggregation, window and series), the
 * threshold and clear lines, the moment it opened, and the span it was open; with links to the rule
 * and to the same query in Explore.
 */
export function EvaluationChart({ incident }: { incident: IncidentView }) {
  const evaluation = useIncidentEvaluation(incident);
  const scheme = useColorScheme();
  const time = useTimeFormat();
  const titleId = useId();
  const e = evaluation.data;
  const unit = e?.unit ?? '';
  const opened = Date.parse(incident.openedAt);
  const resolved = incident.resolvedAt ? Date.parse(incident.resolvedAt) : null;

  const option = useMemo<ChartOption>(() => {
    const points = e?.points ?? [];
    const line = (key: 'value' | 'threshold' | 'clear') =>
      points.filter((p) => p[key] !== null).map((p) => [Date.parse(p.ts), p[key]!] as [number, number]);
    const format = (v: number) => formatMetricValue(v, unit);
    const series: LineSeries[] = [
      {
        id: 'value',
        name: e ? describeEvaluated(e) : 'value',
        type: 'line',
        data: line('value'),
        showSymbol: false,
        lineStyle: { width: 2 },
        markArea: {
          silent: true,
          itemStyle: { color: 'rgba(220, 38, 38, 0.10)' },
          data: [[{ xAxis: opened }, { xAxis: resolved ?? (e ? Date.parse(e.to) : opened) }]],
        },
        markPoint:
          e?.breach?.value != null
            ? {
                symbol: 'pin',
                symbolSize: 34,
                label: { fontSize: 9, formatter: 'fired' },
                data: [{ coord: [Date.parse(e.breach.ts), e.breach.value], name: 'fired' }],
              }
            : undefined,
      },
      {
        id: 'threshold',
        name: 'threshold',
        type: 'line',
        step: 'end',
        data: line('threshold'),
        showSymbol: false,
        color: '#dc2626',
        lineStyle: { type: 'dashed', width: 1.25 },
      },
    ];
    if (points.some((p) => p.clear !== null && p.clear !== p.threshold)) {
      series.push({
        id: 'clear',
        name: 'clears at',
        type: 'line',
        step: 'end',
        data: line('clear'),
        showSymbol: false,
        color: '#16a34a',
        lineStyle: { type: 'dotted', width: 1.25 },
      });
    }
    const from = e ? Date.parse(e.from) : undefined;
    const to = e ? Date.parse(e.to) : undefined;
    return {
      ...timeChartBase(time),
      legend: { top: 0, textStyle: { fontSize: 11 } },
      grid: chartGrid(32),
      tooltip: {
        trigger: 'axis',
        confine: true,
        valueFormatter: (value) => (typeof value === 'number' ? format(value) : '—'),
      },
      xAxis: timeAxis(time, from, to),
      yAxis: {
        type: 'value',
        scale: true,
        axisLabel: { formatter: (value: number) => format(value) },
        splitLine: valueSplitLine(scheme),
      },
      series,
    };
  }, [e, unit, opened, resolved, scheme, time]);
  const containerRef = useECharts(option, scheme);

  const breach = e?.breach ?? null;
  const pointCount = e?.points.filter((p) => p.value !== null).length ?? 0;
  const error = evaluation.error;
  return (
    <section className="panel chart-panel" aria-labelledby={titleId} data-testid="incident-evaluation">
      <header className="panel-header">
        <h2 id={titleId} className="panel-title">
          Why it fired
        </h2>
        {e && (
          <p className="panel-description" data-testid="incident-why">
            {breach?.value != null && breach.threshold !== null ? (
              <>
                When it opened ({time.dateTime(breach.ts)}), {describeEvaluated(e)}
                {Object.keys(e.series).length > 0 &&
                  ` for ${Object.entries(e.series)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ')}`}{' '}
                was <strong>{formatMetricValue(breach.value, unit)}</strong>,{' '}
                {e.rule.op ? opWords[e.rule.op] : 'against'} the threshold of{' '}
                {formatMetricValue(breach.threshold, unit)}
                {breach.clear !== null && breach.clear !== breach.threshold && (
                  <>
                    {' '}
                    (it clears {e.rule.op?.startsWith('<') ? 'above' : 'below'}{' '}
                    {formatMetricValue(breach.clear, unit)})
                  </>
                )}
                {e.rule.pendingSeconds > 0 && `, after ${e.rule.pendingSeconds} s pending`}.
              </>
            ) : (
              <>
                The rule’s value, {describeEvaluated(e)}, every {e.stepSeconds} s.
              </>
            )}
            {e.rule.changedSinceOpened &&
              ' The rule was edited since: the lines follow its current settings.'}
          </p>
        )}
        <p className="cell-actions">
          {incident.ruleId && (
            <Link className="button button-small" href={`/rules?rule=${encodeURIComponent(incident.ruleId)}`}>
              Open rule
            </Link>
          )}
          {e && (
            <Link className="button button-small" href={exploreHref(e)}>
              Open in Explore
            </Link>
          )}
        </p>
      </header>
      <div className="chart-body" style={{ height: 260 }}>
        <div
          ref={containerRef}
          className="chart-canvas"
          data-testid="chart-incident"
          data-points={pointCount}
          data-threshold={breach?.threshold ?? ''}
          data-clear={breach?.clear ?? ''}
          data-breach-value={breach?.value ?? ''}
          role="img"
          aria-label={
            e
              ? `${describeEvaluated(e)}: ${pointCount} evaluations, threshold and clear lines, the moment it fired`
              : 'The rule’s evaluation around the incident'
          }
        />
        {pointCount === 0 && (
          <p className="chart-empty">
            {error
              ? `Could not evaluate the rule: ${error instanceof ApiError ? error.message : 'the server did not answer'}.`
              : evaluation.isPending
                ? 'Evaluating the rule…'
                : 'The rule had no value in this range.'}
          </p>
        )}
      </div>
      <TimeZoneCaption />
    </section>
  );
}
