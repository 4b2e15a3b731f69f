// The explorer needs zoom, shaded incident spans and bars on top of the shared line-chart setup:
// registered here (echarts.use is global and idempotent) so the overview's bundle stays as small as it was.
import { BarChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  DataZoomComponent,
  MarkAreaComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkAreaComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { echarts } from '@/components/charts/echarts';

echarts.use([BarChart, DataZoomComponent, MarkAreaComponent]);

/** Options of the explorer, report and pipeline charts. */
export type RichChartOption = echarts.ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | MarkAreaComponentOption
  | TooltipComponentOption
  | DataZoomComponentOption
>;
