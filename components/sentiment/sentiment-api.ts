import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef } from 'react';
import { getJson } from '@/components/api/fetch-json';
import { useSentimentFrames, type IncidentFrameListener } from '@/components/realtime/socket';
import { parseSentimentFrame } from '@/lib/sentiment/frames';
import type { TrendFilters } from './trend';
import type { NegativeText, RisingTermsResult } from '@/contracts/responses/sentiment';

export type { NegativeText, RisingTermsResult };

/** How negative a text must be to enter the feed. */
export type FeedThreshold = '-0.5' | '-0.05';

/** Most texts the feed keeps. */
export const feedSize = 30;

const query = (filters: TrendFilters, extra: Record<string, string>) => {
  const params = new URLSearchParams(extra);
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  return params.toString();
};

const textKey = (t: NegativeText) => `${t.source}\u0000${t.id}`;

/** Whether a live text belongs in the feed the filters describe. */
export function feedAccepts(text: NegativeText, filters: TrendFilters, maxScore: number): boolean {
  return (
    text.score <= maxScore &&
    (!filters.source || text.source === filters.source) &&
    (!filters.topic || text.topic === filters.topic) &&
    (!filters.type || text.type === filters.type)
  );
}

/** Adds texts to the feed: newest first, each event once, at most {@link feedSize}. */
export function mergeFeed(
  current: readonly NegativeText[],
  incoming: readonly NegativeText[],
): NegativeText[] {
  const byKey = new Map<string, NegativeText>();
  for (const t of [...incoming, ...current]) if (!byKey.has(textKey(t))) byKey.set(textKey(t), t);
  return [...byKey.values()]
    .sort((a, b) => (a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : a.score - b.score))
    .slice(0, feedSize);
}

/**
 * The most-negative feed: the latest stored texts at or below the threshold over REST, then every
 * `sentiment` frame's matching texts on top; each reconnect re-reads what may have been missed.
 */
export function useNegativeFeed(filters: TrendFilters, threshold: FeedThreshold) {
  const queryClient = useQueryClient();
  const queryKey = useMemo(() => ['sentiment', 'texts', filters, threshold] as const, [filters, threshold]);
  const feed = useQuery({
    queryKey,
    queryFn: async ({ signal }) =>
      (
        await getJson<{ texts: NegativeText[] }>(
          `/api/v1/sentiment/texts?${query(filters, { maxScore: threshold, limit: String(feedSize) })}`,
          signal,
        )
      ).texts,
    staleTime: Infinity,
  });
  const listener = useMemo(
    (): IncidentFrameListener => ({
      onFrame(raw) {
        const frame = parseSentimentFrame(raw);
        if (!frame) return;
        const texts = frame.texts.filter((t) => feedAccepts(t, filters, Number(threshold)));
        if (texts.length === 0) return;
        queryClient.setQueryData<NegativeText[]>(queryKey, (old) => mergeFeed(old ?? [], texts));
        // Rising terms are recounted soon after new negative texts arrive.
        void queryClient.invalidateQueries({ queryKey: ['sentiment', 'terms'] });
      },
      onConnect() {
        void queryClient.invalidateQueries({ queryKey: ['sentiment'] });
      },
    }),
    [filters, threshold, queryClient, queryKey],
  );
  useSentimentFrames(listener);
  return feed;
}

/** Terms rising in negative texts (last hour vs the day before); re-read at most every few seconds. */
export function useRisingTerms(filters: TrendFilters) {
  const lastRead = useRef(0);
  const queryFn = useCallback(
    async ({ signal }: { signal: AbortSignal }) => {
      // Frames can invalidate many times a second during a burst: space the reads out.
      const wait = lastRead.current + 2_000 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      lastRead.current = Date.now();
      return getJson<RisingTermsResult>(`/api/v1/sentiment/terms?${query(filters, { limit: '10' })}`, signal);
    },
    [filters],
  );
  return useQuery({
    queryKey: ['sentiment', 'terms', filters],
    queryFn,
    refetchInterval: 60_000,
    staleTime: 1_000,
  });
}
