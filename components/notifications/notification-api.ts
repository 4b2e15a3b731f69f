import { useQuery } from '@tanstack/react-query';
import { getJson } from '@/components/api/fetch-json';

import type { DeliveryStatus } from '@/lib/notifications/kinds';
import type {
  ChannelView,
  DeliveryAttemptView,
  DeliveryView,
  PolicyView,
} from '@/contracts/responses/notifications';

// The API's shapes come from its own queries (types only: nothing of the server reaches the bundle).
export type { ChannelView, DeliveryView, PolicyView };
export type DeliveryAttempt = DeliveryAttemptView;
export type PolicyStep = PolicyView['steps'][number];
export {
  channelTypes,
  deliveryActions,
  deliveryStatuses,
  type ChannelType,
  type DeliveryAction,
  type DeliveryStatus,
} from '@/lib/notifications/kinds';

/** The create answer of a webhook channel carries its generated signing secret once, in full. */
export type CreatedChannel = ChannelView & { signingSecret?: string };

/** Statuses after which a delivery changes no more (until someone resends it as a new one). */
export const finalStatuses: ReadonlySet<DeliveryStatus> = new Set(['sent', 'failed', 'dead', 'held']);

export type DeliveryFilters = { status: '' | DeliveryStatus; channelId: string; incidentId: string };

export const channelsQueryKey = ['channels'] as const;
export const policiesQueryKey = ['notification-policies'] as const;
export const deliveriesQueryKey = ['deliveries'] as const;

export function channelPath(id: string, rest = ''): string {
  return `/api/v1/channels/${encodeURIComponent(id)}${rest}`;
}

export function policyPath(id: string): string {
  return `/api/v1/notification-policies/${encodeURIComponent(id)}`;
}

export function deliveryPath(id: string, rest = ''): string {
  return `/api/v1/deliveries/${encodeURIComponent(id)}${rest}`;
}

export function useChannelList() {
  return useQuery({
    queryKey: channelsQueryKey,
    queryFn: async ({ signal }) =>
      (await getJson<{ channels: ChannelView[] }>('/api/v1/channels', signal)).channels,
    staleTime: 30_000,
    // Re-read so each channel's last delivery (a failing target) shows without a reload.
    refetchInterval: 15_000,
  });
}

export function usePolicyList() {
  return useQuery({
    queryKey: policiesQueryKey,
    queryFn: async ({ signal }) =>
      (await getJson<{ policies: PolicyView[] }>('/api/v1/notification-policies', signal)).policies,
    staleTime: 30_000,
  });
}

/** The delivery log, newest first, re-read every 2 s while the screen is open. */
export function useDeliveryList(filters: DeliveryFilters, refetchIntervalMs = 2_000) {
  return useQuery({
    queryKey: [...deliveriesQueryKey, 'list', filters] as const,
    queryFn: async ({ signal }) => {
      const params = new URLSearchParams({ limit: '100' });
      if (filters.status) params.set('status', filters.status);
      if (filters.channelId) params.set('channelId', filters.channelId);
      if (filters.incidentId) params.set('incidentId', filters.incidentId);
      const body = await getJson<{ deliveries: DeliveryView[] }>(
        `/api/v1/deliveries?${params.toString()}`,
        signal,
      );
      return body.deliveries;
    },
    refetchInterval: refetchIntervalMs,
  });
}

/** One delivery, re-read every second until it reaches a final status (the result of "Send test"). */
export function useDelivery(id: string | null) {
  return useQuery({
    queryKey: [...deliveriesQueryKey, 'one', id] as const,
    queryFn: ({ signal }) => getJson<DeliveryView>(deliveryPath(id ?? ''), signal),
    enabled: id !== null,
    refetchInterval: (query) =>
      query.state.data && finalStatuses.has(query.state.data.status) ? false : 1_000,
  });
}

/** The last attempt in a line: `200 ok`, `429 rate_limited`, or the network error. */
export function describeAttempt(attempt: DeliveryAttempt | undefined): string {
  if (!attempt) return 'no attempt yet';
  const parts: string[] = [];
  if (attempt.statusCode !== null) parts.push(String(attempt.statusCode));
  if (attempt.responseExcerpt) parts.push(attempt.responseExcerpt.slice(0, 60));
  if (attempt.error) parts.push(attempt.error);
  return parts.join(' ') || 'no answer';
}
