'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { getJson } from '@/components/api/fetch-json';
import { incidentDetailKey } from '@/components/incidents/incident-api';
import { deliveriesQueryKey, finalStatuses, type DeliveryView } from './notification-api';

/** A resolved incident whose deliveries are all final stops being watched this long after resolving. */
const settleMs = 120_000;

/**
 * Keeps an incident page's timeline current with its notification attempts: no incident frame follows
 * a delivery, so the incident's deliveries are re-read every 3 s and any change (a new delivery, a new
 * attempt, a new status) re-reads the incident and its timeline.
 */
export function IncidentNotificationSync({
  incidentId,
  resolvedAt,
}: {
  incidentId: string;
  resolvedAt: string | null;
}) {
  const queryClient = useQueryClient();
  const deliveries = useQuery({
    queryKey: [...deliveriesQueryKey, 'incident-sync', incidentId] as const,
    queryFn: async ({ signal }) =>
      (
        await getJson<{ deliveries: DeliveryView[] }>(
          `/api/v1/deliveries?incidentId=${encodeURIComponent(incidentId)}&limit=100`,
          signal,
        )
      ).deliveries,
    refetchInterval: (query) => {
      const list = query.state.data ?? [];
      const settled =
        resolvedAt !== null &&
        Date.now() - Date.parse(resolvedAt) > settleMs &&
        list.every((d) => finalStatuses.has(d.status));
      return settled ? false : 3_000;
    },
  });
  const signature = (deliveries.data ?? []).map((d) => `${d.id}:${d.status}:${d.attempts.length}`).join(',');

  useEffect(() => {
    if (signature === '') return;
    void queryClient.invalidateQueries({ queryKey: incidentDetailKey(incidentId), exact: true });
  }, [signature, incidentId, queryClient]);

  return null;
}
