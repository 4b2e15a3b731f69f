'use client';

import { useId, useMemo } from 'react';
import {
  axisTooltip,
  chartGrid,
  timeAxis,
  timeChartBase,
  topLegend,
  valueSplitLine,
} from '@/components/charts/option-parts';
import { TimeZoneCaption } from '@/components/charts/zoned-time-axis';
import type { ChartOption, LineSeries } from '@/components/charts/echarts';
import { useECharts } from '@/components/charts/use-echarts';
import { useTimeFormat } from '@/components/time/time-zone';
import { useColorScheme } from '@/components/theme/use-color-scheme';
import { formatMultiplier } from './surge-api';
import type { MultiplierStep } from './use-surge-live';

export type MultiplierChartProps = {
  steps: readonly MultiplierStep[];
  from: number;
  to: number;
  /** Drawn as a dashed line: the multiplier from which incidents open. */
  incidentMultiplier: number | null;
};

/** The multiplier of each group over the last hour, as step lines (ECharts, SVG). */
export function MultiplierChart({ steps, from, to, incidentMultiplier }: MultiplierChartProps) {
  const scheme = useColorScheme();
  const titleId = useId();
  const time = useTimeFormat();
  const changes = steps.reduce((n, s) => n + Math.max(0, s.points.length - 2), 0);
  const option = useMemo((): ChartOption => {
    const lines: LineSeries[] = steps.map((s, i) => ({
      id: s.id,
      name: s.name,
      type: 'line',
      step: 'end',
      data: s.points,
      showSymbol: false,
      lineStyle: { width: 2 },
      ...(i === 0 && incidentMultiplier !== null
        ? {
            markLine: {
              silent: true,
              symbol: ['none', 'none'],
              animation: false,
              label: { formatter: 'incident', position: 'insideEndTop', fontSize: 10 },
              lineStyle: { type: 'dashed', width: 1, color: scheme === 'dark' ? '#fca5a5' : '#dc2626' },
              data: [{ yAxis: incidentMultiplier }],
            },
          }
        : {}),
    }));
    return {
      ...timeChartBase(time),
      grid: chartGrid(40),
      legend: topLegend(steps.map((s) => s.name)),
      tooltip: axisTooltip(formatMultiplier),
      xAxis: timeAxis(time, from, to),
      yAxis: {
        type: 'value',
        min: 1,
        axisLabel: { formatter: (v: number) => formatMultiplier(v) },
        splitLine: valueSplitLine(scheme),
      },
      series: lines,
    };
  }, [steps, from, to, incidentMultiplier, scheme, time]);
  const containerRef = useECharts(option, scheme);
  const latest = steps.map((s) => `${s.name}:${s.points.at(-1)?.[1] ?? 1}`).join(' ');
  return (
    <section className="panel chart-panel" aria-labelledby={titleId}>
      <header className="panel-header">
        <h2 id={titleId} className="panel-title">
          Multiplier history
        </h2>
        <p className="panel-description">Last hour, one step line per group; live.</p>
      </header>
      <div className="chart-body" style={{ height: 280 }}>
        <div
          ref={containerRef}
          className="chart-canvas"
          data-testid="chart-surge-multipliers"
          data-changes={changes}
          data-latest={latest}
          role="img"
          aria-label={`Multiplier history: ${steps.length} groups, ${changes} changes in the last hour`}
        />
        {steps.length === 0 && <div className="chart-empty">No multipliers yet.</div>}
      </div>
      <TimeZoneCaption />
    </section>
  );
}
