'use client';

import { MarkAreaComponent, MarkPointComponent } from 'echarts/components';
import { useId, useMemo } from 'react';
import { echarts, type ChartOption, type LineSeries } from '@/components/charts/echarts';
import { useECharts } from '@/components/charts/use-echarts';
import {
  axisTooltip,
  chartGrid,
  timeAxis,
  timeChartBase,
  valueSplitLine,
} from '@/components/charts/option-parts';
import { TimeZoneCaption } from '@/components/charts/zoned-time-axis';
import { useColorScheme } from '@/components/theme/use-color-scheme';
import { useTimeFormat } from '@/components/time/time-zone';

// The shared set registers lines and markLine; alert charts also shade areas and mark points.
echarts.use([MarkAreaComponent, MarkPointComponent]);

export type AlertChartLine = { id: string; name: string; points: ReadonlyArray<readonly [number, number]> };

export type AlertChartProps = {
  title: string;
  /** `data-testid` is `chart-<slug>`. */
  slug: string;
  lines: readonly AlertChartLine[];
  from: number;
  to: number;
  threshold?: number | null;
  /** Shaded spans (an incident from opened to resolved). */
  areas?: ReadonlyArray<{ from: number; to: number; label: string }>;
  /** Marked instants (state transitions of a backtest). */
  points?: ReadonlyArray<{ ts: number; value: number | null; label: string }>;
  description?: string;
  emptyMessage: string;
};

const format = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

/** A metric chart with a rule's threshold, incident spans and transition marks overlaid. */
export function AlertChart(props: AlertChartProps) {
  const { title, slug, lines, from, to, threshold = null, areas = [], points = [] } = props;
  const scheme = useColorScheme();
  const time = useTimeFormat();
  const titleId = useId();
  const pointCount = lines.reduce((n, l) => n + l.points.length, 0);

  const option = useMemo<ChartOption>(() => {
    const series: LineSeries[] = lines.map((l) => ({
      id: l.id,
      name: l.name,
      type: 'line',
      data: l.points.map(([t, v]) => [t, v]),
      showSymbol: l.points.length < 2,
      symbolSize: 5,
      lineStyle: { width: 1.75 },
    }));
    series.push({
      id: '__overlay',
      name: 'Alert',
      type: 'line',
      data: [],
      silent: true,
      tooltip: { show: false },
      markLine:
        threshold === null
          ? undefined
          : {
              silent: true,
              symbol: ['none', 'none'],
              animation: false,
              label: { show: true, formatter: `threshold ${format(threshold)}`, position: 'insideEndTop' },
              lineStyle: { type: 'dashed', color: '#dc2626', width: 1.25 },
              data: [{ yAxis: threshold }],
            },
      markArea: {
        silent: true,
        itemStyle: { color: 'rgba(220, 38, 38, 0.12)' },
        label: { show: true, position: 'insideTop', fontSize: 10 },
        data: areas.map((a) => [{ xAxis: a.from, name: a.label }, { xAxis: a.to }]),
      },
      markPoint: {
        symbol: 'pin',
        symbolSize: 30,
        label: { fontSize: 9 },
        data: points.map((p) => ({ coord: [p.ts, p.value ?? 0], name: p.label, value: p.label })),
      },
    });
    return {
      ...timeChartBase(time),
      grid: chartGrid(28),
      tooltip: axisTooltip(format),
      xAxis: timeAxis(time, from, to),
      yAxis: {
        type: 'value',
        min: 0,
        max: (extent: { max: number }) =>
          threshold === null ? extent.max : Math.max(extent.max, threshold * 1.1),
        axisLabel: { formatter: (value: number) => format(value) },
        splitLine: valueSplitLine(scheme),
      },
      series,
    };
  }, [lines, from, to, threshold, areas, points, scheme, time]);
  const containerRef = useECharts(option, scheme);

  return (
    <section className="panel chart-panel" aria-labelledby={titleId}>
      <header className="panel-header">
        <h2 id={titleId} className="panel-title">
          {title}
        </h2>
        {props.description && <p className="panel-description">{props.description}</p>}
      </header>
      <div className="chart-body" style={{ height: 260 }}>
        <div
          ref={containerRef}
          className="chart-canvas"
          data-testid={`chart-${slug}`}
          data-points={pointCount}
          data-marks={points.length}
          role="img"
          aria-label={`${title}: ${lines.length} series, ${pointCount} data points, ${points.length} marks`}
        />
        {pointCount === 0 && <p className="chart-empty">{props.emptyMessage}</p>}
      </div>
      <TimeZoneCaption />
    </section>
  );
}
