import { useQuery } from '@tanstack/react-query';
import { getJson } from '@/components/api/fetch-json';
import type { Severity } from '@/lib/alerting/types';

// Shapes of /api/v1/channels, /notification-policies and /deliveries as the API answers them
// (notes/notifications-api.md); the UI reads them only, so they are declared here, client-safe.

export const channelTypes = ['slack', 'pagerduty', 'webhook', 'email', 'teams'] as const;
export type ChannelType = (typeof channelTypes)[number];

/** A channel as the API returns it: every secret in `config` is masked. */
export type ChannelView = {
  id: string;
  name: string;
  type: ChannelType;
  enabled: boolean;
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
};

/** The create answer of a webhook channel carries its generated signing secret once, in full. */
export type CreatedChannel = ChannelView & { signingSecret?: string };

export type PolicyStep = { afterMinutes: number; channelIds: string[] };

export type PolicyView = {
  id: string;
  name: string;
  enabled: boolean;
  match: { severities?: Severity[]; labels?: Record<string, string> };
  steps: PolicyStep[];
  repeatMinutes: number | null;
  createdAt: string;
  updatedAt: string;
};

export const deliveryActions = ['trigger', 'acknowledge', 'resolve', 'repeat', 'escalate', 'test'] as const;
export type DeliveryAction = (typeof deliveryActions)[number];
export const deliveryStatuses = ['queued', 'sending', 'sent', 'retrying', 'failed', 'dead', 'held'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export type DeliveryAttempt = {
  at: string;
  statusCode: number | null;
  responseExcerpt: string | null;
  error: string | null;
  durationMs: number;
};

export type DeliveryView = {
  id: string;
  incidentId: string | null;
  incidentTitle: string | null;
  channelId: string;
  channelName: string;
  channelType: ChannelType;
  action: DeliveryAction;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
};

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

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** The last attempt in a line: `200 ok`, `429 rate_limited`, or the network error. */
export function describeAttempt(attempt: DeliveryAttempt | undefined): string {
  if (!attempt) return 'no attempt yet';
  const parts: string[] = [];
  if (attempt.statusCode !== null) parts.push(String(attempt.statusCode));
  if (attempt.responseExcerpt) parts.push(attempt.responseExcerpt.slice(0, 80));
  if (attempt.error) parts.push(attempt.error);
  return parts.join(' ') || 'no answer';
}
