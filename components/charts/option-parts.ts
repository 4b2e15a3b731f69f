import type { TooltipComponentOption } from 'echarts/components';
import type { ColorScheme } from '@/components/theme/use-color-scheme';
import type { TimeFormat } from '@/components/time/time-zone';
import { zonedTicks, zonedTimeAxis } from './zoned-time-axis';

/** The console's font, for chart labels (ECharts draws its own text). */
export const chartFont = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** What every chart's option starts with: the panel's background shows through, no animation, our font. */
export const chartBase = {
  backgroundColor: 'transparent',
  animation: false,
  textStyle: { fontFamily: chartFont },
} as const;

/** The same for a chart over time: ticks on UTC boundaries when the reader reads UTC. */
export function timeChartBase(time: TimeFormat) {
  return { ...zonedTicks(time), ...chartBase };
}

/** The plot area, `top` pixels below the panel's edge (room for a legend); axis labels stay inside. */
export function chartGrid(top: number) {
  return {
    left: 8,
    right: 16,
    top,
    bottom: 8,
    outerBoundsMode: 'same',
    outerBoundsContain: 'axisLabel',
  } as const;
}

/** The legend along the top, scrolling when the names overflow. */
export function topLegend(names: string[]) {
  return {
    type: 'scroll',
    top: 4,
    left: 8,
    right: 8,
    icon: 'roundRect',
    itemWidth: 12,
    itemHeight: 4,
    data: names,
  } as const;
}

/** The tooltip listing every series at the hovered time, numbers written by `format`. */
export function axisTooltip(format: (value: number) => string): TooltipComponentOption {
  return {
    trigger: 'axis',
    confine: true,
    valueFormatter: (value) => (typeof value === 'number' ? format(value) : String(value ?? '–')),
  };
}

/** The x axis from `from` to `to`, labelled in the reader's zone. */
export function timeAxis(time: TimeFormat, from: number | undefined, to: number | undefined) {
  const axis = zonedTimeAxis(time, from ?? 0, to ?? 0);
  return { type: 'time', min: from, max: to, splitLine: { show: false }, ...axis } as const;
}

/** The value axis's grid lines, fainter on a dark background. */
export function valueSplitLine(scheme: ColorScheme) {
  return { lineStyle: { opacity: scheme === 'dark' ? 0.25 : 0.6 } };
}
