import { describe, expect, it } from 'vitest';
import type { Aggregation } from '@/lib/metrics/definitions';
import { breachHoldsEarly } from './early-breach';
import type { AlertMetric } from './evaluate';
import { prepareRule, type RuleDefinition } from './prepare-rule';

const metric = (aggregation: Aggregation, ratio = false): AlertMetric => ({
  name: 'm',
  aggregation,
  dimensions: [],
  ratioOf: ratio ? { numerator: 'm', denominator: 'm', scale: 1 } : null,
});
const rule = (kind: string, params: unknown, m: AlertMetric) => {
  const def: RuleDefinition = {
    id: 'r',
    name: 'r',
    kind,
    metric: 'm',
    groupBy: [],
    window: '1m',
    params,
    pendingSeconds: 0,
    severity: 'critical',
    labels: {},
    autoResolve: true,
  };
  return prepareRule(def, () => m);
};

describe('breachHoldsEarly', () => {
  it('holds for thresholds that more events can only push further past the line', () => {
    expect(breachHoldsEarly(rule('threshold', { op: '>', value: 5 }, metric('count')))).toBe(true);
    expect(breachHoldsEarly(rule('threshold', { op: '>=', value: 5 }, metric('rate')))).toBe(true);
    expect(breachHoldsEarly(rule('threshold', { op: '>', value: 5 }, metric('max')))).toBe(true);
    expect(breachHoldsEarly(rule('threshold', { op: '<', value: 5 }, metric('min')))).toBe(true);
  });

  it('does not hold where more events can pull the value back', () => {
    expect(breachHoldsEarly(rule('threshold', { op: '<', value: 5 }, metric('count')))).toBe(false);
    expect(breachHoldsEarly(rule('threshold', { op: '>', value: 5 }, metric('min')))).toBe(false);
    for (const a of ['avg', 'sum', 'p95', 'distinct', 'topk'] as const) {
      expect(breachHoldsEarly(rule('threshold', { op: '>', value: 5 }, metric(a)))).toBe(false);
    }
    expect(breachHoldsEarly(rule('threshold', { op: '>', value: 5 }, metric('count', true)))).toBe(false);
  });
});
