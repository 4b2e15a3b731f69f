import type { Aggregation } from '@/lib/metrics/definitions';
import { thresholdParamsSchema } from './kinds/threshold';
import type { PreparedRule } from './prepare-rule';

/** Aggregations whose window value only rises (or, for `min`, only falls) as events are added to it. */
const rising: readonly Aggregation[] = ['count', 'rate', 'max'];
const falling: readonly Aggregation[] = ['min'];

/**
 * Whether a breach seen while the last second is still filling is sure to hold once that second is
 * complete: a threshold on a stored metric whose value can only move further past the line as more of
 * the second's events arrive (`count > 5`, `max >= 2000`, `min < 10`). Averages, quantiles, sums, ratios
 * and the other kinds can move either way, so they wait for the complete second.
 */
export function breachHoldsEarly(rule: PreparedRule): boolean {
  if (rule.kind !== 'threshold' || rule.alertMetric.ratioOf) return false;
  const params = thresholdParamsSchema.safeParse(rule.params);
  if (!params.success) return false;
  const { aggregation } = rule.alertMetric;
  const up = params.data.op === '>' || params.data.op === '>=';
  return up ? rising.includes(aggregation) : falling.includes(aggregation);
}
