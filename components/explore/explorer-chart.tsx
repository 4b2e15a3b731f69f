'use client';

import { useId, useMemo } from 'react';
import { buildChartOption, type ChartSeries } from '@/components/charts/time-series-chart';
import type { ChartOption } from '@/components/charts/echarts';
import { useECharts } from '@/components/charts/use-echarts';
import { useColorScheme, type ColorScheme } from '@/components/theme/use-color-scheme';
// Registers bars, zoom and mark areas with ECharts (a type-only import would not run it).
import '@/components/explore/explore-echarts';
import type { RichChartOption } from './explore-echarts';

/** An incident drawn over the chart: a shaded span from opening to resolve (or to now). */
export type IncidentMark = { id: string; title: string; severity: string; from: number; to: number };

export type ExplorerChartProps = {
  title: string;
  series: readonly ChartSeries[];
  from: number;
  to: number;
  stepMs: number;
  zeroFill: boolean;
  deploys: readonly number[];
  incidents: readonly IncidentMark[];
  formatValue: (value: number) => string;
  emptyMessage: string;
};

const severityColors: Record<string, string> = {
  critical: 'rgba(220, 38, 38, 0.16)',
  error: 'rgba(234, 88, 12, 0.14)',
  warning: 'rgba(202, 138, 4, 0.14)',
  info: 'rgba(37, 99, 235, 0.10)',
};

function explorerOption(props: ExplorerChartProps, scheme: ColorScheme): RichChartOption {
  const base = buildChartOption(
    {
      series: props.series,
      from: props.from,
      to: props.to,
      stepMs: props.stepMs,
      zeroFill: props.zeroFill,
      showLegend: true,
      markers: props.deploys,
      formatValue: props.formatValue,
    },
    scheme,
  ) as RichChartOption;
  const incidents = props.incidents.filter((i) => i.to >= props.from && i.from <= props.to);
  const series = [
    ...(Array.isArray(base.series) ? base.series : []),
    {
      id: '__incidents',
      name: 'Incidents',
      type: 'line' as const,
      data: [],
      silent: false,
      tooltip: { show: true, trigger: 'item' as const },
      markArea: {
        silent: false,
        label: {
          show: true,
          position: 'insideTopLeft' as const,
          fontSize: 10,
          color: scheme === 'dark' ? '#fca5a5' : '#b91c1c',
        },
        data: incidents.map(
          (i) =>
            [
              {
                name: `${i.severity}: ${i.title}`,
                xAxis: Math.max(i.from, props.from),
                itemStyle: { color: severityColors[i.severity] ?? severityColors.info },
              },
              { xAxis: Math.min(Math.max(i.to, i.from + props.stepMs), props.to) },
            ] as const,
        ),
      },
    },
  ];
  return {
    ...base,
    grid: { ...(base.grid as object), bottom: 44 },
    legend: { ...(base.legend as object), data: [...props.series.map((s) => s.name), 'Incidents'] },
    tooltip: { ...(base.tooltip as object), trigger: 'axis' },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'slider', xAxisIndex: 0, filterMode: 'none', height: 22, bottom: 8 },
    ],
    series,
  } as RichChartOption;
}

/** The explorer's chart: lines per group, legend toggles, axis tooltip, drag/wheel zoom, incident spans. */
export function ExplorerChart(props: ExplorerChartProps) {
  const scheme = useColorScheme();
  const titleId = useId();
  const option = useMemo(() => explorerOption(props, scheme), [props, scheme]);
  const ref = useECharts(option as ChartOption, scheme);
  const pointCount = props.series.reduce((n, s) => n + s.points.length, 0);

  return (
    <section className="panel chart-panel explore-chart" aria-labelledby={titleId}>
      <header className="panel-header">
        <h2 id={titleId} className="panel-title">
          {props.title}
        </h2>
        <p className="panel-description">
          Drag the slider or scroll on the plot to zoom; click a legend entry to hide or show it.
        </p>
      </header>
      <div className="chart-body" style={{ height: 380 }}>
        <div
          ref={ref}
          className="chart-canvas"
          data-testid="chart-explore"
          data-points={pointCount}
          data-series={props.series.length}
          data-incidents={props.incidents.length}
          role="img"
          aria-label={`${props.title}: ${props.series.length} series, ${pointCount} data points, ${props.incidents.length} incidents`}
        />
        {pointCount === 0 && <div className="chart-empty">{props.emptyMessage}</div>}
      </div>
    </section>
  );
}
