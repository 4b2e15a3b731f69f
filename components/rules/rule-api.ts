import { useQuery } from '@tanstack/react-query';
import { getJson } from '@/components/api/fetch-json';
import type { RuleDetail, RuleView } from '@/contracts/responses/alerting';

export type { RuleDetail, RuleView };

export const rulesQueryKey = ['rules'] as const;

export function rulePath(id: string): string {
  return `/api/v1/rules/${encodeURIComponent(id)}`;
}

export function useRuleList() {
  return useQuery({
    queryKey: rulesQueryKey,
    queryFn: async ({ signal }) => (await getJson<{ rules: RuleView[] }>('/api/v1/rules', signal)).rules,
    staleTime: 30_000,
  });
}

export function useRule(id: string | null, refetchIntervalMs?: number) {
  return useQuery({
    queryKey: ['rules', 'one', id] as const,
    queryFn: ({ signal }) => getJson<RuleDetail>(rulePath(id ?? ''), signal),
    enabled: id !== null,
    refetchInterval: refetchIntervalMs ?? false,
  });
}

/** `op value over w, clear at c, at least n events` for a threshold, else the params as text. */
export function describeCondition(rule: Pick<RuleView, 'kind' | 'params' | 'window'>): string {
  const p = rule.params;
  if (rule.kind === 'threshold') {
    const clear = typeof p.clearValue === 'number' ? `, clear at ${p.clearValue}` : '';
    const least = typeof p.minCount === 'number' ? `, at least ${p.minCount} events` : '';
    return `${String(p.op)} ${String(p.value)} over ${rule.window}${clear}${least}`;
  }
  const parts = Object.entries(p).map(
    ([k, v]) =>
      `${k}=${typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)}`,
  );
  return `${parts.join(', ')} over ${rule.window}`;
}
