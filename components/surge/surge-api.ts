import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { getJson } from '@/components/api/fetch-json';
import type { CurrentSurgeView, SurgeEventView, SurgeRuleView } from '@/contracts/responses/surge';

export type { CurrentSurgeView, SurgeEventView, SurgeRuleView };

export const surgeRulesQueryKey = ['surge-rules'] as const;

/** How far back the multiplier history chart reaches. */
export const surgeHistoryMs = 60 * 60_000;

export function surgeRulePath(id: string): string {
  return `/api/v1/surge-rules/${encodeURIComponent(id)}`;
}

export function useSurgeRules() {
  return useQuery({
    queryKey: surgeRulesQueryKey,
    queryFn: async ({ signal }) =>
      (await getJson<{ surgeRules: SurgeRuleView[] }>('/api/v1/surge-rules', signal)).surgeRules,
    staleTime: 30_000,
    // Re-read so a rule the engine cannot evaluate shows it (evaluationFailure) without a reload.
    refetchInterval: 15_000,
  });
}

export const currentSurgesKey = (ruleId: string) => ['surges', 'current', ruleId] as const;
export const surgeHistoryKey = (ruleId: string) => ['surges', 'history', ruleId] as const;

/** The current multiplier of each group of one surge rule. */
export function useCurrentSurges(ruleId: string) {
  return useQuery({
    queryKey: currentSurgesKey(ruleId),
    queryFn: async ({ signal }) =>
      (
        await getJson<{ surges: CurrentSurgeView[] }>(
          `/api/v1/surges/current?rule=${encodeURIComponent(ruleId)}`,
          signal,
        )
      ).surges,
    // Frames carry changes only: a new group that stays at ×1 shows on the next read.
    refetchInterval: 10_000,
  });
}

/** The multiplier changes of one surge rule over the last hour, newest first. */
export function useSurgeHistory(ruleId: string) {
  return useQuery({
    queryKey: surgeHistoryKey(ruleId),
    queryFn: async ({ signal }) => {
      const from = new Date(Date.now() - surgeHistoryMs).toISOString();
      const path = `/api/v1/surges?rule=${encodeURIComponent(ruleId)}&from=${encodeURIComponent(from)}&limit=5000`;
      return (await getJson<{ surges: SurgeEventView[] }>(path, signal)).surges;
    },
  });
}

/** A `surge` frame, checked on receipt (the socket catalogue's shape: SurgeEventView). */
const surgeFrameSchema = z.object({
  rule: z.string(),
  ruleName: z.string(),
  group: z.record(z.string(), z.string()),
  ts: z.string(),
  ratio: z.number().nullable(),
  multiplier: z.number(),
  previous: z.number(),
});

export function parseSurgeFrame(raw: unknown): SurgeEventView | null {
  const parsed = surgeFrameSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** A stable key of a group's labels, whatever their order. */
export function groupKeyOf(group: Record<string, string>): string {
  return Object.keys(group)
    .sort()
    .map((k) => `${k}=${group[k] ?? ''}`)
    .join(', ');
}

/** `zone=north`, or `all` for a rule without group-by. */
export function groupLabel(group: Record<string, string>): string {
  return groupKeyOf(group) || 'all';
}

/** ×1.5 */
export function formatMultiplier(m: number): string {
  return `×${Number(m.toFixed(2))}`;
}

/** The highest multiplier a rule can reach: its cap, else its top tier's. */
export function topMultiplier(rule: Pick<SurgeRuleView, 'tiers' | 'cap'>): number {
  const top = Math.max(1, ...rule.tiers.map((t) => t.multiplier));
  return rule.cap === null ? top : Math.min(top, rule.cap);
}
