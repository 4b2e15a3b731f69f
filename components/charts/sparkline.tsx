'use client';

import { useMemo } from 'react';
import { useColorScheme } from '@/components/theme/use-color-scheme';
import type { ChartOption } from './echarts';
import { fillGapsWithZero } from './gap-fill';
import { useECharts } from './use-echarts';

export type SparklineProps = {
  points: ReadonlyArray<readonly [number, number]>;
  from: number;
  to: number;
  color: string;
  /**
   * Draw missing 1-second buckets as zero (right for counts).
   * @defaultValue true
   */
  zeroFill?: boolean;
};

/** A small axis-less trend line for a KPI tile (ECharts, SVG). Decorative: the tile states the value. */
export function Sparkline({ points, from, to, color, zeroFill = true }: SparklineProps) {
  const scheme = useColorScheme();
  const option = useMemo<ChartOption>(
    () => ({
      backgroundColor: 'transparent',
      animation: false,
      grid: { left: 0, right: 0, top: 3, bottom: 1 },
      tooltip: { show: false },
      xAxis: { type: 'time', min: from, max: to, show: false },
      yAxis: { type: 'value', min: 0, show: false, splitLine: { show: false } },
      series: [
        {
          id: 'spark',
          type: 'line',
          data: zeroFill ? fillGapsWithZero(points, 1000, from, to) : points.map(([t, v]) => [t, v]),
          showSymbol: false,
          silent: true,
          color,
          lineStyle: { width: 1.5 },
          areaStyle: { opacity: 0.18 },
        },
      ],
    }),
    [points, from, to, color, zeroFill],
  );
  const containerRef = useECharts(option, scheme);
  return <div ref={containerRef} className="sparkline" aria-hidden="true" />;
}
