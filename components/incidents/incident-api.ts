import { useQuery, type QueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '@/components/api/fetch-json';
import type { IncidentStatus, Severity } from '@/lib/alerting/types';
import type { IncidentDetail, IncidentTimelineEntry, IncidentView } from '@/contracts/responses/alerting';

export type { IncidentDetail, IncidentTimelineEntry, IncidentView };

export type IncidentFilters = {
  status: '' | 'open' | IncidentStatus;
  severity: '' | Severity;
  /** An alert rule id, or `surge:<id>` for a surge rule. */
  rule: string;
};

const surgePrefix = 'surge:';

/** The filter value of a surge rule in `IncidentFilters.rule`. */
export const surgeRuleFilter = (id: string) => `${surgePrefix}${id}`;

export const incidentsQueryKey = ['incidents'] as const;
export const incidentListKey = (filters: IncidentFilters) => ['incidents', 'list', filters] as const;
export const incidentDetailKey = (id: string) => ['incidents', 'detail', id] as const;

export function incidentPath(id: string, rest = ''): string {
  return `/api/v1/incidents/${encodeURIComponent(id)}${rest}`;
}

export function useIncidentList(filters: IncidentFilters) {
  return useQuery({
    queryKey: incidentListKey(filters),
    queryFn: async ({ signal }) => {
      const params = new URLSearchParams({ limit: '100' });
      if (filters.status) params.set('status', filters.status);
      if (filters.severity) params.set('severity', filters.severity);
      if (filters.rule.startsWith(surgePrefix))
        params.set('surgeRule', filters.rule.slice(surgePrefix.length));
      else if (filters.rule) params.set('rule', filters.rule);
      const body = await getJson<{ incidents: IncidentView[] }>(
        `/api/v1/incidents?${params.toString()}`,
        signal,
      );
      return body.incidents;
    },
    staleTime: 30_000,
  });
}

export function useIncidentDetail(id: string) {
  return useQuery({
    queryKey: incidentDetailKey(id),
    queryFn: ({ signal }) => getJson<IncidentDetail>(incidentPath(id), signal),
  });
}

/** Whether an incident belongs in a list with these filters. */
export function matchesFilters(incident: IncidentView, filters: IncidentFilters): boolean {
  if (filters.status === 'open' && incident.status === 'resolved') return false;
  if (filters.status && filters.status !== 'open' && incident.status !== filters.status) return false;
  if (filters.severity && incident.severity !== filters.severity) return false;
  if (filters.rule.startsWith(surgePrefix)) {
    if (incident.surgeRuleId !== filters.rule.slice(surgePrefix.length)) return false;
  } else if (filters.rule && incident.ruleId !== filters.rule) return false;
  return true;
}

/** A minimal shape check on a socket `incident` frame. */
export function parseIncidentFrame(raw: unknown): IncidentView | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Partial<IncidentView>;
  if (typeof r.id !== 'string' || typeof r.status !== 'string' || typeof r.openedAt !== 'string') return null;
  return raw as IncidentView;
}

/**
 * Puts a changed incident into every cached list (in, out or replaced, per its filters) and its detail.
 * A list that gains an incident is also re-read: a read already in flight (started before the incident
 * committed) would otherwise land after the frame and drop it until the next change.
 */
export function applyIncidentToCache(queryClient: QueryClient, incident: IncidentView): void {
  let added = false;
  for (const [key, list] of queryClient.getQueriesData<IncidentView[]>({
    queryKey: ['incidents', 'list'],
  })) {
    if (!list) continue;
    const filters = key[2] as IncidentFilters | undefined;
    const fits = filters ? matchesFilters(incident, filters) : true;
    const others = list.filter((i) => i.id !== incident.id);
    if (fits && others.length === list.length) added = true;
    const next = fits
      ? [incident, ...others].sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt))
      : others;
    queryClient.setQueryData(key, next);
  }
  // The frame is published after its transaction commits, so a read started now sees the incident.
  if (added) void queryClient.invalidateQueries({ queryKey: ['incidents', 'list'] });
  const detailKey = incidentDetailKey(incident.id);
  if (queryClient.getQueryData(detailKey)) {
    // The frame has no timeline: merge the fields, then re-read the timeline.
    queryClient.setQueryData<IncidentDetail>(detailKey, (old) => (old ? { ...old, ...incident } : old));
    void queryClient.invalidateQueries({ queryKey: detailKey, exact: true });
  }
}

export async function incidentAction(
  id: string,
  action: 'ack' | 'resolve',
  queryClient: QueryClient,
): Promise<void> {
  const updated = await sendJson<IncidentView>('POST', incidentPath(id, `/${action}`), {});
  if (updated && typeof updated.id === 'string') applyIncidentToCache(queryClient, updated);
  await queryClient.invalidateQueries({ queryKey: incidentsQueryKey });
}

export function formatNumber(value: number | null): string {
  if (value === null) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function describeSeries(series: Record<string, string>): string {
  const entries = Object.entries(series);
  return entries.length === 0 ? '' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}
