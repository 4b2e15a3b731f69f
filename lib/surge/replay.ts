import type { SurgeBacktestResult } from '@/contracts/responses/surge';
import type { AlertMetric, WindowSource } from '@/lib/alerting/evaluate';
import type { SeriesLabels } from '@/lib/alerting/types';
import { readSurgeGroups, type SurgeReadRule } from './group-values';
import { baseMultiplier, nextMultiplier, targetFor, type GroupSurge, type SurgeSettings } from './step';

/** What a replay found: the surge backtest's answer (contracts/responses/surge.ts) without its plan. */
export type SurgeReplayResult = Pick<SurgeBacktestResult, 'changes' | 'surges' | 'evaluations'>;
type SurgeReplayPeriod = SurgeReplayResult['surges'][number];

export type SurgeReplayRule = SurgeReadRule & SurgeSettings & { incidentMultiplier: number | null };

type Tracked = { labels: SeriesLabels; surge: GroupSurge; period: SurgeReplayPeriod | null };

/**
 * Replays a surge rule over history with the live engine's own steps (readSurgeGroups, targetFor,
 * nextMultiplier) at every `stepMs` from `from` to `to`: hold and cooldown are counted at those steps.
 */
export async function replaySurgeRule(input: {
  rule: SurgeReplayRule;
  windowMs: number;
  source: WindowSource;
  lookup: (name: string) => AlertMetric | null;
  from: number;
  to: number;
  stepMs: number;
}): Promise<SurgeReplayResult> {
  const { rule } = input;
  const tracked = new Map<string, Tracked>();
  const result: SurgeReplayResult = { changes: [], surges: [], evaluations: 0 };
  for (let t = Math.ceil(input.from / input.stepMs) * input.stepMs; t <= input.to; t += input.stepMs) {
    result.evaluations++;
    const groups = await readSurgeGroups({
      rule,
      windowMs: input.windowMs,
      end: t,
      lookup: input.lookup,
      source: input.source,
      // Groups seen once stay evaluated, as the live engine keeps their rows.
      known: new Map([...tracked].map(([key, g]) => [key, g.labels])),
    });
    for (const [key, group] of groups) {
      let entry = tracked.get(key);
      if (!entry) {
        entry = {
          labels: group.labels,
          surge: { multiplier: baseMultiplier, since: t, lastChangeAt: null },
          period: null,
        };
        tracked.set(key, entry);
      }
      const target = targetFor(rule, group.demand, group.supply);
      const next = nextMultiplier(rule, entry.surge, target.multiplier, t);
      if (next === null) continue;
      const ts = new Date(t).toISOString();
      const previous = entry.surge.multiplier;
      result.changes.push({ ts, group: group.labels, ratio: target.ratio, multiplier: next, previous });
      entry.surge = { multiplier: next, since: t, lastChangeAt: t };
      if (next > baseMultiplier && entry.period === null) {
        entry.period = {
          group: group.labels,
          startedAt: ts,
          endedAt: null,
          peakMultiplier: next,
          peakRatio: target.ratio,
          incident: false,
        };
        result.surges.push(entry.period);
      } else if (entry.period && next > entry.period.peakMultiplier) {
        entry.period.peakMultiplier = next;
        entry.period.peakRatio = target.ratio;
      }
      if (entry.period) {
        entry.period.incident =
          rule.incidentMultiplier !== null && entry.period.peakMultiplier >= rule.incidentMultiplier;
        if (next <= baseMultiplier) {
          entry.period.endedAt = ts;
          entry.period = null;
        }
      }
    }
  }
  return result;
}
