'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSurgeFrames } from '@/components/realtime/socket';
import {
  currentSurgesKey,
  groupKeyOf,
  parseSurgeFrame,
  surgeHistoryKey,
  surgeHistoryMs,
  useCurrentSurges,
  useSurgeHistory,
  type CurrentSurgeView,
  type SurgeEventView,
} from './surge-api';

/**
 * The current multipliers and the last hour of changes of one surge rule: read over REST, then kept live
 * by the socket's `surge` frames (each frame updates both caches); every reconnect re-reads both.
 */
export function useSurgeLive(ruleId: string) {
  const queryClient = useQueryClient();
  const current = useCurrentSurges(ruleId);
  const history = useSurgeHistory(ruleId);
  const listener = useMemo(
    () => ({
      onFrame(raw: unknown) {
        const frame = parseSurgeFrame(raw);
        if (!frame || frame.rule !== ruleId) return;
        const key = groupKeyOf(frame.group);
        queryClient.setQueryData<CurrentSurgeView[]>(currentSurgesKey(ruleId), (old) => {
          const next: CurrentSurgeView = {
            rule: frame.rule,
            ruleName: frame.ruleName,
            group: frame.group,
            multiplier: frame.multiplier,
            ratio: frame.ratio,
            since: frame.ts,
            lastChangeAt: frame.ts,
          };
          const list = old ?? [];
          const found = list.some((s) => groupKeyOf(s.group) === key);
          return found ? list.map((s) => (groupKeyOf(s.group) === key ? next : s)) : [...list, next];
        });
        queryClient.setQueryData<SurgeEventView[]>(surgeHistoryKey(ruleId), (old) => {
          const cutoff = Date.now() - surgeHistoryMs;
          const kept = (old ?? []).filter((e) => Date.parse(e.ts) >= cutoff);
          if (kept.some((e) => e.ts === frame.ts && groupKeyOf(e.group) === key)) return kept;
          return [frame, ...kept];
        });
      },
      onConnect() {
        void queryClient.invalidateQueries({ queryKey: currentSurgesKey(ruleId) });
        void queryClient.invalidateQueries({ queryKey: surgeHistoryKey(ruleId) });
      },
    }),
    [queryClient, ruleId],
  );
  useSurgeFrames(listener);
  return { current, history };
}

export type MultiplierStep = { id: string; name: string; points: [number, number][] };

/**
 * One step line per group over `[from, to]`: the multiplier before the first change in range (its
 * `previous`, else the current one), each change, and the current multiplier carried to `to`.
 */
export function multiplierSteps(
  current: readonly CurrentSurgeView[],
  history: readonly SurgeEventView[],
  from: number,
  to: number,
): MultiplierStep[] {
  type Entry = { changes: SurgeEventView[]; before: SurgeEventView | null };
  const groups = new Map<string, Entry>();
  for (const s of current) groups.set(groupKeyOf(s.group), { changes: [], before: null });
  for (const e of history) {
    const key = groupKeyOf(e.group);
    const entry = groups.get(key) ?? { changes: [], before: null };
    const ts = Date.parse(e.ts);
    if (ts >= from) entry.changes.push(e);
    else if (!entry.before || ts > Date.parse(entry.before.ts)) entry.before = e;
    groups.set(key, entry);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, { changes, before }]) => {
      const sorted = [...changes].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
      const now = current.find((s) => groupKeyOf(s.group) === key)?.multiplier;
      const start = sorted[0]?.previous ?? before?.multiplier ?? now ?? 1;
      const last = sorted.at(-1)?.multiplier ?? now ?? start;
      const points: [number, number][] = [[from, start]];
      for (const c of sorted) points.push([Date.parse(c.ts), c.multiplier]);
      points.push([Math.max(to, points.at(-1)?.[0] ?? to), last]);
      return { id: key || 'all', name: key || 'all', points };
    });
}
