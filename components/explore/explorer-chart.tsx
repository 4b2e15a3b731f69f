'use client';

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { buildChartOption, type ChartSeries } from '@/components/charts/time-series-chart';
import type { ChartOption } from '@/components/charts/echarts';
import { useECharts } from '@/components/charts/use-echarts';
import { TimeZoneCaption } from '@/components/charts/zoned-time-axis';
import { useColorScheme, type ColorScheme } from '@/components/theme/use-color-scheme';
import { useTimeFormat, type TimeFormat } from '@/components/time/time-zone';
// Registers bars, zoom and mark areas with ECharts (a type-only import would not run it).
import '@/components/explore/explore-echarts';
import type { RichChartOption } from './explore-echarts';
import { incidentLabel, type IncidentMark } from './incident-label';

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

/** The plot's left and right margins inside the canvas (the grid of buildChartOption), in px. */
const plotMarginPx = 80;
function visibleIncidents(props: ExplorerChartProps): IncidentMark[] {
  return props.incidents.filter((i) => i.to >= props.from && i.from <= props.to);
}

function spanPx(props: ExplorerChartProps, widthPx: number, mark: IncidentMark): number {
  const from = Math.max(mark.from, props.from);
  const to = Math.min(Math.max(mark.to, mark.from + props.stepMs), props.to);
  const plot = Math.max(0, widthPx - plotMarginPx);
  return props.to > props.from ? ((to - from) / (props.to - props.from)) * plot : 0;
}

function explorerOption(
  props: ExplorerChartProps,
  scheme: ColorScheme,
  widthPx: number,
  time: TimeFormat,
): RichChartOption {
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
    time,
  ) as RichChartOption;
  const incidents = visibleIncidents(props);
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
                name: incidentLabel(i, spanPx(props, widthPx, i)),
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
      {
        type: 'slider',
        xAxisIndex: 0,
        filterMode: 'none',
        height: 22,
        bottom: 8,
        // The handles' labels too: in the reader's zone, not the browser's.
        labelFormatter: (value: number) => time.dateTime(value, { seconds: false }),
      },
    ],
    series,
  } as RichChartOption;
}

/** The explorer's chart: lines per group, legend toggles, axis tooltip, drag/wheel zoom, incident spans. */
export function ExplorerChart(props: ExplorerChartProps) {
  const scheme = useColorScheme();
  const time = useTimeFormat();
  const titleId = useId();
  const [widthPx, setWidthPx] = useState(0);
  const option = useMemo(() => explorerOption(props, scheme, widthPx, time), [props, scheme, widthPx, time]);
  const ref = useECharts(option as ChartOption, scheme);
  const bodyRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    const observer = new ResizeObserver(() => setWidthPx(body.clientWidth));
    observer.observe(body);
    setWidthPx(body.clientWidth);
    return () => observer.disconnect();
  }, []);
  const labels = visibleIncidents(props).map((i) => incidentLabel(i, spanPx(props, widthPx, i)));
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
      <div ref={bodyRef} className="chart-body" style={{ height: 380 }}>
        <div
          ref={ref}
          className="chart-canvas"
          data-testid="chart-explore"
          data-points={pointCount}
          data-series={props.series.length}
          data-incidents={props.incidents.length}
          data-incident-labels={JSON.stringify(labels)}
          role="img"
          aria-label={`${props.title}: ${props.series.length} series, ${pointCount} data points, ${props.incidents.length} incidents`}
        />
        {pointCount === 0 && <div className="chart-empty">{props.emptyMessage}</div>}
      </div>
      <TimeZoneCaption />
    </section>
  );
}
