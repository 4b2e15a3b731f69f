import type { BacktestResult } from '@/contracts/responses/alerting';
import { evaluateRule, type AlertMetric, type WindowSource } from './evaluate';
import type { PreparedRule } from './prepare-rule';
import {
  defaultEngineOptions,
  initialMemory,
  planIncident,
  stepSeries,
  type EngineOptions,
  type SeriesMemory,
} from './state-machine';
import type { SeriesLabels } from './types';

/** What a replay found: the backtest's answer (contracts/responses/alerting.ts) without its plan. */
export type ReplayResult = Pick<BacktestResult, 'transitions' | 'incidents' | 'evaluations'>;
type ReplayIncident = ReplayResult['incidents'][number];

type Tracked = { labels: SeriesLabels; memory: SeriesMemory; incident: ReplayIncident | null };

/** What a replay carries from one stretch of history to the next: series states, incidents, results. */
export type ReplayCarry = { tracked: Map<string, Tracked> } & ReplayResult;

export function newReplayCarry(): ReplayCarry {
  return { tracked: new Map(), transitions: [], incidents: [], evaluations: 0 };
}

/**
 * Replays a rule over history: the live engine's evaluation, state machine and incident plan at every
 * step from `from` to `to`, with incidents kept in memory. Silences and maintenance windows are not
 * applied: the question is when the rule itself would have fired.
 */
export async function replayRule(input: {
  rule: PreparedRule;
  source: WindowSource;
  lookup: (name: string) => AlertMetric | null;
  from: number;
  to: number;
  stepMs: number;
  engine?: EngineOptions;
  /**
   * State from replaying the history before `from` (a long backtest replays it in stretches); it is
   * updated in place, and the result is everything replayed so far.
   */
  carry?: ReplayCarry;
}): Promise<ReplayResult> {
  const engine = { ...defaultEngineOptions, ...input.engine };
  const { rule } = input;
  const carry = input.carry ?? newReplayCarry();
  const { tracked, transitions, incidents } = carry;
  for (let t = Math.ceil(input.from / input.stepMs) * input.stepMs; t <= input.to; t += input.stepMs) {
    carry.evaluations++;
    const known = new Map([...tracked].map(([key, s]) => [key, s.labels]));
    const results = await evaluateRule({
      kind: rule.evaluator,
      metric: rule.alertMetric,
      lookup: input.lookup,
      groupBy: rule.groupBy,
      windowMs: rule.windowMs,
      end: t,
      source: input.source,
      known,
    });
    for (const { seriesKey, labels, evaluation } of results) {
      const entry = tracked.get(seriesKey) ?? { labels, memory: initialMemory(t), incident: null };
      const prev = entry.memory;
      const next = stepSeries(prev, evaluation, t, { pendingMs: rule.pendingMs, ...engine });
      if (prev.state !== next.state) {
        transitions.push({
          ts: new Date(t).toISOString(),
          series: labels,
          from: prev.state,
          to: next.state,
          value: evaluation.value,
        });
        const last = entry.incident;
        const plan = planIncident(
          prev.state,
          next.state,
          last && {
            open: last.resolvedAt === null,
            resolvedAt: last.resolvedAt ? Date.parse(last.resolvedAt) : null,
          },
          t,
          { autoResolve: rule.autoResolve, reopenWithinMs: engine.reopenWithinMs },
        );
        if (plan.action === 'open') {
          entry.incident = {
            series: labels,
            openedAt: new Date(t).toISOString(),
            resolvedAt: null,
            reopenedCount: 0,
            flapping: plan.flapping,
          };
          incidents.push(entry.incident);
        } else if (last && plan.action === 'reopen') {
          last.resolvedAt = null;
          last.reopenedCount++;
          last.flapping = plan.flapping;
        } else if (last && plan.action === 'note') {
          last.flapping = plan.flapping;
        } else if (last && plan.action === 'resolve') {
          last.resolvedAt = new Date(t).toISOString();
          last.flapping = false;
        }
      }
      entry.memory = next;
      // Forgotten once nothing about it matters any more, as the live engine drops its row.
      const resolvedAt = entry.incident?.resolvedAt;
      const reopenable = resolvedAt != null && t - Date.parse(resolvedAt) <= engine.reopenWithinMs;
      const idle = next.state === 'ok' && next.fireTimes.length === 0 && resolvedAt !== null && !reopenable;
      if (idle) tracked.delete(seriesKey);
      else tracked.set(seriesKey, entry);
    }
  }
  return { transitions, incidents, evaluations: carry.evaluations };
}
