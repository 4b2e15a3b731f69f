import type { AlertMetric } from '@/lib/alerting/evaluate';
import type { Resolution, WindowSpec } from '@/lib/alerting/kinds/kind';
import { MemoryWindowSource, type BucketRow } from '@/lib/alerting/memory-source';
import { replayRule, type ReplayResult } from '@/lib/alerting/replay';
import { sketchKind } from '@/lib/metrics/definitions';
import { requireRole } from '@/server/auth/context';
import { listMetrics } from '@/server/queries/metrics/list-metrics';
import { loadWindowBuckets } from '@/server/queries/rules/window-buckets';
import { checkRule } from './check-rule';
import type { RuleContext } from './create-rule';
import type { BacktestInput } from './schemas';

export type BacktestResult = ReplayResult & {
  /** Seconds between replayed evaluations. */
  stepSeconds: number;
  /** Whether current windows were read from 1-second points (else from 1-minute rollups). */
  resolution: Resolution;
};

/** Evaluations per backtest stay near this; the step grows with the range. */
const targetSteps = 2000;
const stepChoices = [1_000, 10_000, 60_000, 300_000];

/**
 * How finely to replay: 1-second points for short ranges and windows, else 1-minute rollups at steps of
 * a minute or more (merging a day of 1-second points per step would take far too long), and never more
 * than one window per step.
 */
export function backtestPlan(range: number, windowMs: number, aggregationHasSketch: boolean) {
  const stepMs = stepChoices.find((s) => range / s <= targetSteps) ?? stepChoices.at(-1)!;
  const fine = stepMs < 60_000 && windowMs <= 15 * 60_000 && !aggregationHasSketch;
  // Never step over a whole window: a breach inside it would go unseen.
  const step = Math.min(fine ? stepMs : Math.max(stepMs, 60_000), windowMs);
  return { stepMs: step, resolution: fine ? 'second' : 'minute' } as const;
}

/** Spans to load per resolution: each window's reach from the first step to the last, overlaps merged. */
function spansToLoad(first: WindowSpec[], last: WindowSpec[], fine: boolean) {
  const spans: Record<Resolution, [number, number][]> = { second: [], minute: [] };
  first.forEach((w, i) => {
    const resolution = fine ? w.resolution : 'minute';
    spans[resolution].push([w.from, last[i]?.to ?? w.to]);
  });
  for (const resolution of ['second', 'minute'] as const) {
    const merged: [number, number][] = [];
    for (const [from, to] of spans[resolution].sort((a, b) => a[0] - b[0])) {
      const top = merged.at(-1);
      if (top && from <= top[1]) top[1] = Math.max(top[1], to);
      else merged.push([from, to]);
    }
    spans[resolution] = merged;
  }
  return spans;
}

/** Replays a draft rule over stored history with the engine's own code: when it would have fired. */
export async function backtestRule({
  ctx,
  input,
}: {
  ctx: RuleContext;
  input: BacktestInput;
}): Promise<BacktestResult> {
  requireRole(ctx.actor, 'operator');
  const rule = await checkRule(ctx.db, input.rule);
  const catalogue = await listMetrics(ctx.db);
  const lookup = (name: string): AlertMetric | null => catalogue.find((m) => m.name === name) ?? null;
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  const parts = rule.alertMetric.ratioOf
    ? [lookup(rule.alertMetric.ratioOf.numerator), lookup(rule.alertMetric.ratioOf.denominator)]
    : [rule.alertMetric];
  const metrics = parts.filter((m): m is AlertMetric => m !== null);
  const plan = backtestPlan(
    to - from,
    rule.windowMs,
    metrics.some((m) => sketchKind(m.aggregation) !== null),
  );
  const at = (end: number) => rule.evaluator.windows({ end, windowMs: rule.windowMs });
  const spans = spansToLoad(at(from), at(to), plan.resolution === 'second');
  const source = new MemoryWindowSource();
  for (const metric of metrics) {
    for (const resolution of ['second', 'minute'] as const) {
      let rows: BucketRow[] = [];
      for (const [spanFrom, spanTo] of spans[resolution]) {
        const span = await loadWindowBuckets(ctx.db, {
          metric,
          resolution,
          from: spanFrom,
          to: spanTo,
          groupBy: rule.groupBy,
          filter: rule.evaluator.filter,
        });
        rows = rows.concat(span);
      }
      if (spans[resolution].length > 0) source.load(metric.name, resolution, rows);
    }
  }
  const result = await replayRule({ rule, source, lookup, from, to, stepMs: plan.stepMs });
  return { ...result, stepSeconds: plan.stepMs / 1000, resolution: plan.resolution };
}
