import { useQuery } from '@tanstack/react-query';
import { getJson } from '@/components/api/fetch-json';
import type { IncidentView } from '@/components/incidents/incident-api';
import { metricPath } from '@/components/metrics/catalogue-api';
import type { SeriesResponse } from '@/components/realtime/series-data';
import { explorerWindow, type ExplorerState } from './explore-state';
import type { IncidentMark } from './incident-label';

/** A fixed-range series load: the answer carries the span it was read for. */
export type RangeSeries = SeriesResponse & { from: number; to: number };

/** `…/series` for a past range; relative ranges are re-read every 30 s so they keep ending now. */
export function useRangeSeries(state: ExplorerState, enabled: boolean) {
  const relative = state.range !== 'custom';
  return useQuery({
    queryKey: [
      'explore-series',
      state.metric,
      state.group.join(','),
      state.range,
      state.from,
      state.to,
      state.step,
      state.window,
      JSON.stringify(state.where),
    ],
    queryFn: async ({ signal }): Promise<RangeSeries> => {
      const { from, to } = explorerWindow(state, Date.now());
      const params = new URLSearchParams({
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      });
      if (state.step) params.set('step', state.step);
      if (state.group.length > 0) params.set('group', state.group.join(','));
      if (state.window) params.set('window', state.window);
      if (Object.keys(state.where).length > 0) params.set('where', JSON.stringify(state.where));
      const body = await getJson<SeriesResponse>(
        metricPath(state.metric, `/series?${params.toString()}`),
        signal,
      );
      return { ...body, from, to };
    },
    enabled,
    refetchInterval: relative ? 30_000 : false,
    placeholderData: (previous) => previous,
  });
}

/** Incidents of the rules on `metric` opened in the span (at most 200), as chart marks. */
export function useIncidentMarks(metric: string, from: number, to: number, enabled: boolean) {
  // Rounded to the minute, so the live tail does not re-read them every second.
  const fromMin = Math.floor(from / 60_000) * 60_000;
  const toMin = Math.ceil(to / 60_000) * 60_000;
  return useQuery({
    queryKey: ['explore-incidents', metric, fromMin, toMin],
    queryFn: async ({ signal }): Promise<IncidentMark[]> => {
      const params = new URLSearchParams({
        metric,
        from: new Date(fromMin).toISOString(),
        to: new Date(toMin).toISOString(),
        limit: '200',
      });
      const body = await getJson<{ incidents: IncidentView[] }>(
        `/api/v1/incidents?${params.toString()}`,
        signal,
      );
      return body.incidents.map((i) => ({
        id: i.id,
        title: i.title,
        severity: i.severity,
        from: Date.parse(i.openedAt),
        to: i.resolvedAt ? Date.parse(i.resolvedAt) : Date.now(),
      }));
    },
    enabled,
    refetchInterval: 30_000,
    placeholderData: (previous) => previous,
  });
}

/** Deploy events in the span, drawn as dashed lines (DESIGN: deploys are markers on every chart). */
export function useDeployMarks(from: number, to: number) {
  const fromMin = Math.floor(from / 60_000) * 60_000;
  const toMin = Math.ceil(to / 60_000) * 60_000;
  return useQuery({
    queryKey: ['explore-deploys', fromMin, toMin],
    queryFn: async ({ signal }): Promise<number[]> => {
      const params = new URLSearchParams({
        type: 'deploy',
        from: new Date(fromMin).toISOString(),
        to: new Date(toMin).toISOString(),
        limit: '200',
      });
      const body = await getJson<{ events: { ts: string }[] }>(`/api/v1/events?${params.toString()}`, signal);
      return body.events.map((e) => Date.parse(e.ts));
    },
    refetchInterval: 30_000,
    placeholderData: (previous) => previous,
  });
}
