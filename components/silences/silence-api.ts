import { useQuery } from '@tanstack/react-query';
import { getJson } from '@/components/api/fetch-json';
import type { ActiveSilence, MaintenanceWindowSchedule } from '@/lib/alerting/suppression';
import type { Matchers } from '@/lib/alerting/types';
import type { MaintenanceWindowView, SilenceView } from '@/contracts/responses/alerting';

export type { MaintenanceWindowView, SilenceView };

export const silencesQueryKey = ['silences'] as const;
export const maintenanceWindowsQueryKey = ['maintenance-windows'] as const;

export function silencePath(id: string): string {
  return `/api/v1/silences/${encodeURIComponent(id)}`;
}

export function maintenanceWindowPath(id: string): string {
  return `/api/v1/maintenance-windows/${encodeURIComponent(id)}`;
}

// Re-read every 30 s, so a silence that ends takes its badges with it without a reload.
const refetchInterval = 30_000;

/** Every silence (active, upcoming and expired), latest ending first. */
export function useSilences() {
  return useQuery({
    queryKey: silencesQueryKey,
    queryFn: async ({ signal }) =>
      (await getJson<{ silences: SilenceView[] }>('/api/v1/silences', signal)).silences,
    staleTime: 10_000,
    refetchInterval,
  });
}

export function useMaintenanceWindows() {
  return useQuery({
    queryKey: maintenanceWindowsQueryKey,
    queryFn: async ({ signal }) =>
      (await getJson<{ maintenanceWindows: MaintenanceWindowView[] }>('/api/v1/maintenance-windows', signal))
        .maintenanceWindows,
    staleTime: 10_000,
    refetchInterval,
  });
}

export function toActiveSilence(s: SilenceView): ActiveSilence {
  return {
    id: s.id,
    matchers: s.matchers,
    startsAt: Date.parse(s.startsAt),
    endsAt: Date.parse(s.endsAt),
    comment: s.comment,
  };
}

export function toSchedule(w: MaintenanceWindowView): MaintenanceWindowSchedule {
  return {
    id: w.id,
    name: w.name,
    timeZone: w.timeZone,
    recurrence: w.recurrence,
    startsAt: w.startsAt === null ? null : Date.parse(w.startsAt),
    endsAt: w.endsAt === null ? null : Date.parse(w.endsAt),
    matchers: w.matchers,
    enabled: w.enabled,
  };
}

/** `k=v, k2=v2` of a label map. */
export function describeLabels(labels: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** The matchers as short phrases: `rule Checkout errors`, `labels team=payments`, `series zone=north`. */
export function describeMatchers(matchers: Matchers, ruleName: (id: string) => string): string[] {
  const parts: string[] = [];
  if (matchers.ruleId) parts.push(`rule ${ruleName(matchers.ruleId)}`);
  if (Object.keys(matchers.labels ?? {}).length > 0) parts.push(`labels ${describeLabels(matchers.labels)}`);
  if (Object.keys(matchers.series ?? {}).length > 0) parts.push(`series ${describeLabels(matchers.series)}`);
  return parts;
}
