'use client';

import { useId, useMemo, type ReactNode } from 'react';
import { useColorScheme, type ColorScheme } from '@/components/theme/use-color-scheme';
import { useTimeFormat, type TimeFormat } from '@/components/time/time-zone';
import type { ChartOption, LineSeries } from './echarts';
import { fillGapsWithZero } from './gap-fill';
import { useECharts } from './use-echarts';
import { axisTooltip, chartGrid, timeAxis, timeChartBase, topLegend, valueSplitLine } from './option-parts';
import { TimeZoneCaption } from './zoned-time-axis';

export type ChartSeries = {
  /** Stable id (the group key): the chart updates this series in place across renders. */
  id: string;
  name: string;
  color?: string;
  points: ReadonlyArray<readonly [number, number]>;
};

export type TimeSeriesChartProps = {
  title: string;
  /** `data-testid` is `chart-<slug>`. */
  slug: string;
  series: readonly ChartSeries[];
  /** Visible time range, epoch ms. */
  from: number;
  to: number;
  /** Bucket width; with `zeroFill`, a missing bucket is drawn as zero. */
  stepMs?: number;
  /**
   * Draw missing buckets as zero (right for counts).
   * @defaultValue false
   */
  zeroFill?: boolean;
  /**
   * Show the legend (series names as text above the plot).
   * @defaultValue true when there is more than one series
   */
  showLegend?: boolean;
  /** Shade the area under a single line. */
  area?: boolean;
  /** Timestamps (epoch ms) of deploys, drawn as dashed vertical lines. */
  markers?: readonly number[];
  /** Formats values in the tooltip and on the y-axis. */
  formatValue?: (value: number) => string;
  /**
   * Fixed y-axis bounds, e.g. `[-1, 1]` for a score that goes negative.
   * @defaultValue from 0, top fitted to the data
   */
  yRange?: readonly [number, number];
  /** Shown over the plot when there is nothing to draw. */
  emptyMessage: ReactNode;
  description?: ReactNode;
  /**
   * Plot height in px.
   * @defaultValue 260
   */
  height?: number;
};

// ECharts measures text itself, so it needs a real font stack (not `inherit`) to lay the legend out.

const defaultFormat = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

function markerColor(scheme: ColorScheme): string {
  return scheme === 'dark' ? '#c4b5fd' : '#7c3aed';
}

type PlotInput = Pick<
  TimeSeriesChartProps,
  | 'series'
  | 'from'
  | 'to'
  | 'stepMs'
  | 'zeroFill'
  | 'showLegend'
  | 'area'
  | 'markers'
  | 'formatValue'
  | 'yRange'
>;

const noMarkers: readonly number[] = [];

/** The option of a time-series chart, its time axis written in `time`'s zone. */
export function buildChartOption(input: PlotInput, scheme: ColorScheme, time: TimeFormat): ChartOption {
  const { series, from, to, stepMs = 1000, zeroFill = false, area = false, markers = noMarkers } = input;
  const format = input.formatValue ?? defaultFormat;
  const showLegend = input.showLegend ?? series.length > 1;
  const lines: LineSeries[] = series.map((s) => ({
    id: s.id,
    name: s.name,
    type: 'line',
    data: zeroFill ? fillGapsWithZero(s.points, stepMs, from, to) : s.points.map(([t, v]) => [t, v]),
    // A zero-filled lone bucket is already a visible spike; otherwise a lone point needs its dot.
    showSymbol: !zeroFill && s.points.length < 2,
    symbolSize: 5,
    lineStyle: { width: 1.75 },
    ...(s.color ? { color: s.color } : {}),
    ...(area ? { areaStyle: { opacity: 0.14 } } : {}),
    emphasis: { focus: 'series' },
  }));
  // Deploy markers ride on an empty series of their own, so every chart shows them the same way.
  lines.push({
    id: '__deploys',
    name: 'Deploys',
    type: 'line',
    data: [],
    silent: true,
    tooltip: { show: false },
    markLine: {
      silent: true,
      symbol: ['none', 'none'],
      animation: false,
      label: {
        show: true,
        formatter: 'deploy',
        position: 'insideEndTop',
        color: markerColor(scheme),
        fontSize: 10,
      },
      lineStyle: { type: 'dashed', color: markerColor(scheme), width: 1 },
      data: markers.filter((t) => t >= from && t <= to).map((t) => ({ xAxis: t })),
    },
  });
  return {
    ...timeChartBase(time),
    grid: chartGrid(showLegend ? 40 : 16),
    legend: { show: showLegend, ...topLegend(series.map((s) => s.name)) },
    tooltip: axisTooltip(format),
    xAxis: timeAxis(time, from, to),
    yAxis: {
      type: 'value',
      min: input.yRange?.[0] ?? 0,
      max: input.yRange?.[1],
      minInterval: zeroFill ? 1 : undefined,
      axisLabel: { formatter: (value: number) => format(value) },
      splitLine: valueSplitLine(scheme),
    },
    series: lines,
  };
}

/** A live time-series line chart (ECharts, SVG), one line per series, updated in place. */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { title, slug, series, from, to, stepMs, zeroFill, showLegend, area, markers, formatValue, yRange } =
    props;
  const { emptyMessage, description, height = 260 } = props;
  const scheme = useColorScheme();
  const time = useTimeFormat();
  const titleId = useId();
  const pointCount = series.reduce((total, s) => total + s.points.length, 0);
  // Rebuilt when the parent hands new data or a new time range (at most a few times a second).
  const option = useMemo(
    () =>
      buildChartOption(
        { series, from, to, stepMs, zeroFill, showLegend, area, markers, formatValue, yRange },
        scheme,
        time,
      ),
    [series, from, to, stepMs, zeroFill, showLegend, area, markers, formatValue, yRange, scheme, time],
  );
  const containerRef = useECharts(option, scheme);

  return (
    <section className="panel chart-panel" aria-labelledby={titleId}>
      <header className="panel-header">
        <h2 id={titleId} className="panel-title">
          {title}
        </h2>
        {description && <p className="panel-description">{description}</p>}
      </header>
      <div className="chart-body" style={{ height }}>
        <div
          ref={containerRef}
          className="chart-canvas"
          data-testid={`chart-${slug}`}
          data-points={pointCount}
          role="img"
          aria-label={`${title}: ${series.length} series, ${pointCount} data points`}
        />
        {pointCount === 0 && <div className="chart-empty">{emptyMessage}</div>}
      </div>
      <TimeZoneCaption />
    </section>
  );
}
