import { useEffect, useRef } from 'react';
import type { ColorScheme } from '@/components/theme/use-color-scheme';
import { echarts, type ChartOption } from './echarts';

/**
 * Mounts an ECharts instance (SVG renderer) on the returned ref. The chart is created once per colour
 * scheme, follows its container's size, is disposed on unmount, and takes each new `option` with
 * setOption (series replaced by id, so removed groups disappear) instead of being re-created.
 */
export function useECharts(option: ChartOption, scheme: ColorScheme) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.EChartsType | null>(null);
  const optionRef = useRef(option);

  useEffect(() => {
    optionRef.current = option;
  }, [option]);

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const chart = echarts.init(element, scheme === 'dark' ? 'dark' : undefined, { renderer: 'svg' });
    chart.setOption(optionRef.current);
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chartRef.current = null;
      chart.dispose();
    };
  }, [scheme]);

  useEffect(() => {
    chartRef.current?.setOption(option, { replaceMerge: ['series'], lazyUpdate: true });
  }, [option]);

  return containerRef;
}
