import type { AlertMetric } from '@/lib/alerting/evaluate';
import { sketchKind } from '@/lib/metrics/definitions';
import { surgeWindowValue } from '@/lib/surge/group-values';
import { replaySurgeRule } from '@/lib/surge/replay';
import { requireRole } from '@/core/auth/context';
import { ValidationError } from '@/core/errors';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import { backtestBinMs, backtestPlan, loadHistory, spansToLoad } from '@/core/services/rules/backtest-rule';
import { checkSurgeRule } from './check-surge-rule';
import type { SurgeRuleContext } from './create-surge-rule';
import { surgeWindowMs } from '@/lib/surge/windows';
import type { SurgeBacktestInput } from './schemas';
import type { SurgeBacktestResult } from '@/contracts/responses/surge';

/**
 * Replays a draft surge rule over stored demand and supply with the surge engine's own steps: when and
 * which groups would have surged to which multiplier. Plans its steps as the rule backtest does: 1-second
 * points for short ranges, 1-minute rollups (steps of a minute or more) for long ones.
 */
export async function backtestSurgeRule({
  ctx,
  input,
}: {
  ctx: SurgeRuleContext;
  input: SurgeBacktestInput;
}): Promise<SurgeBacktestResult> {
  requireRole(ctx.actor, 'operator');
  const { rule } = input;
  try {
    await checkSurgeRule(ctx.db, rule);
  } catch (error) {
    // The field is named as it sits in the request body.
    if (error instanceof ValidationError) {
      throw new ValidationError(error.message, error.field ? `rule.${error.field}` : 'rule');
    }
    throw error;
  }
  const catalogue = await listMetrics(ctx.db);
  const lookup = (name: string): AlertMetric | null => catalogue.find((m) => m.name === name) ?? null;
  const parts = [rule.demandMetric, rule.supplyMetric].flatMap((name) => {
    const metric = lookup(name);
    if (!metric?.ratioOf) return [metric];
    return [lookup(metric.ratioOf.numerator), lookup(metric.ratioOf.denominator)];
  });
  const metrics = [...new Map(parts.flatMap((m) => (m ? [[m.name, m] as const] : []))).values()];
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  const windowMs = surgeWindowMs[rule.window];
  const plan = backtestPlan(
    to - from,
    windowMs,
    metrics.some((m) => sketchKind(m.aggregation) !== null),
  );
  const at = (end: number) => surgeWindowValue.windows({ end, windowMs });
  const first = Math.ceil(from / plan.stepMs) * plan.stepMs;
  const source = await loadHistory(ctx, { groupBy: rule.groupBy, evaluator: surgeWindowValue }, metrics, {
    spans: spansToLoad(at(from), at(to), plan.resolution === 'second'),
    hourly: false,
    binMs: plan.resolution === 'minute' ? backtestBinMs(plan.stepMs, at(first), first) : undefined,
  });
  const replay = await replaySurgeRule({
    rule: { id: 'draft', ...rule },
    windowMs,
    source,
    lookup,
    from,
    to,
    stepMs: plan.stepMs,
  });
  const notes =
    plan.stepMs > 1000 && (rule.holdSeconds > 0 || rule.cooldownSeconds > 0)
      ? [`hold and cooldown are counted at the replay's ${plan.stepMs / 1000}-second steps`]
      : [];
  return {
    ...replay,
    stepSeconds: plan.stepMs / 1000,
    resolution: plan.resolution,
    evaluated: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    notes,
  };
}
