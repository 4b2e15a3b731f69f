import { describe, expect, it } from 'vitest';
import { emptyRuleValues, ruleValuesOf, validateRule } from './rule-form-values';
import type { RuleView } from './rule-api';

const threshold = { ...emptyRuleValues, name: 'Error rate', metric: 'api_error_rate', value: '8' };

/** A rule as the API returns it. */
const ruleAsRead: RuleView = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Error rate',
  description: '',
  kind: 'threshold',
  metric: 'api_error_rate',
  groupBy: ['endpoint'],
  window: '5m',
  pendingSeconds: 30,
  severity: 'error',
  labels: {},
  runbookUrl: null,
  autoResolve: true,
  enabled: true,
  channelIds: [],
  policyId: null,
  notifyBudgetPerHour: null,
  params: {},
  demo: false,
  evaluationFailure: null,
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
};

describe('rule form values', () => {
  it('sends a threshold’s minimum events, and leaves it out when empty', () => {
    const withMin = validateRule({ ...threshold, clearValue: '3', minCount: '20' });
    expect(withMin.ok && withMin.input.params).toEqual({ op: '>', value: 8, clearValue: 3, minCount: 20 });
    const without = validateRule(threshold);
    expect(without.ok && without.input.params).toEqual({ op: '>', value: 8 });
  });

  it('shows a bad minimum under its own field', () => {
    const result = validateRule({ ...threshold, minCount: '2.5' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.fields.minCount).toMatch(/minCount must be a whole number/);
    const zero = validateRule({ ...threshold, minCount: '0' });
    expect(!zero.ok && zero.fields.minCount).toMatch(/at least 1/);
  });

  it('keeps a rule’s minimum events through the editor, so saving it unchanged does not drop it', () => {
    const params = { op: '>', value: 8, clearValue: 3, minCount: 20 };
    const values = ruleValuesOf({ ...ruleAsRead, params });
    expect(values.minCount).toBe('20');
    const saved = validateRule(values);
    expect(saved.ok && saved.input.params).toEqual(params);
  });
});
