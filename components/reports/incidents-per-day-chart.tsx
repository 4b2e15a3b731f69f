'use client';

import { useId, useMemo } from 'react';
import { chartBase, chartGrid, valueSplitLine } from '@/components/charts/option-parts';
import type { ChartOption } from '@/components/charts/echarts';
import { useECharts } from '@/components/charts/use-echarts';
import { TimeZoneCaption } from '@/components/charts/zoned-time-axis';
// Registers bars, zoom and mark areas with ECharts (a type-only import would not run it).
import '@/components/explore/explore-echarts';
import type { RichChartOption } from '@/components/explore/explore-echarts';
import { useColorScheme } from '@/components/theme/use-color-scheme';
import type { IncidentDay } from '@/contracts/responses/reports';

const severityOrder = ['critical', 'error', 'warning', 'info'] as const;
const severityColor: Record<(typeof severityOrder)[number], string> = {
  critical: '#dc2626',
  error: '#ea580c',
  warning: '#ca8a04',
  info: '#2563eb',
};

/** Incidents opened per calendar day, stacked by severity (ECharts bars). */
export function IncidentsPerDayChart({ days }: { days: readonly IncidentDay[] }) {
  const scheme = useColorScheme();
  const titleId = useId();
  const total = days.reduce((n, d) => n + d.incidents, 0);
  const option = useMemo(
    (): RichChartOption => ({
      ...chartBase,
      grid: chartGrid(40),
      legend: { top: 4, left: 8, icon: 'roundRect', itemWidth: 12, itemHeight: 4 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      xAxis: { type: 'category', data: days.map((d) => d.day) },
      yAxis: {
        type: 'value',
        minInterval: 1,
        splitLine: valueSplitLine(scheme),
      },
      series: severityOrder.map((s) => ({
        id: s,
        name: s,
        type: 'bar',
        stack: 'incidents',
        color: severityColor[s],
        barMaxWidth: 28,
        data: days.map((d) => d.bySeverity[s]),
      })),
    }),
    [days, scheme],
  );
  const ref = useECharts(option as ChartOption, scheme);
  return (
    <section className="panel chart-panel" aria-labelledby={titleId}>
      <header className="panel-header">
        <h2 id={titleId} className="panel-title">
          Incidents per day
        </h2>
        <p className="panel-description">By the day they opened, in your time zone; stacked by severity.</p>
      </header>
      <div className="chart-body" style={{ height: 260 }}>
        <div
          ref={ref}
          className="chart-canvas"
          data-testid="chart-incidents-per-day"
          data-total={total}
          data-days={days.length}
          role="img"
          aria-label={`Incidents per day: ${total} incidents over ${days.length} days`}
        />
        {total === 0 && <div className="chart-empty">No incidents opened in this range.</div>}
      </div>
      <TimeZoneCaption noun="Days" />
    </section>
  );
}
