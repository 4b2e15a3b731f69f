'use client';

import { useTimeFormat, type TimeFormat } from '@/components/time/time-zone';

/**
 * What a time axis needs to speak the reader's zone. ECharts writes time labels in the browser's zone
 * (or UTC with `useUTC`) and knows no other, so the tick labels and the tooltip's header (the axis
 * pointer's label) go through our formatter instead; ticks fall on UTC boundaries when the zone is UTC.
 */
export function zonedTimeAxis(time: TimeFormat, from: number, to: number) {
  const span = Math.max(0, to - from);
  return {
    axisLabel: { hideOverlap: true, formatter: (value: number) => time.axis(value, span) },
    axisPointer: {
      label: { formatter: (params: { value: unknown }) => time.dateTime(Number(params.value)) },
    },
  };
}

/** Root option: place ticks on UTC boundaries when the reader reads UTC. */
export const zonedTicks = (time: TimeFormat) => ({ useUTC: time.zone === 'UTC' });

/** The line under every time chart that names the zone its axis is written in. */
export function TimeZoneCaption({ noun }: { noun?: string }) {
  const time = useTimeFormat();
  return (
    <p className="chart-zone" data-testid="time-zone-caption">
      {time.caption(undefined, noun)}
    </p>
  );
}
