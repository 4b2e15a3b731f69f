import { issueErrors } from '@/components/forms/form-errors';
import { labelsText, parseLabelsText } from '@/components/forms/labels-text';
import { ruleKindNames, type RuleKindName } from '@/lib/alerting/kinds';
import { comparisonOps } from '@/lib/alerting/kinds/kind';
import { ruleWindows, severities, type RuleWindow, type Severity } from '@/lib/alerting/types';
import { createRuleInputSchema, type CreateRuleInput } from '@/core/services/rules/schemas';
import type { RuleView } from './rule-api';

export { comparisonOps, ruleKindNames, ruleWindows, severities };

/** What the inputs hold, as typed. */
export type RuleFormValues = {
  name: string;
  kind: RuleKindName;
  metric: string;
  groupBy: string;
  window: RuleWindow;
  op: (typeof comparisonOps)[number];
  value: string;
  clearValue: string;
  /** A threshold's minimum events in the window, as typed; empty: every window is judged. */
  minCount: string;
  /** Params of the other kinds, as JSON. */
  paramsJson: string;
  pendingSeconds: string;
  severity: Severity;
  labels: string;
  runbookUrl: string;
  autoResolve: boolean;
  enabled: boolean;
  channelIds: string[];
  policyId: string | null;
  /** Firing notices per hour at most, as typed; empty: no budget. */
  notifyBudgetPerHour: string;
  description: string;
};

export const emptyRuleValues: RuleFormValues = {
  name: '',
  kind: 'threshold',
  metric: '',
  groupBy: '',
  window: '5m',
  op: '>',
  value: '',
  clearValue: '',
  minCount: '',
  paramsJson: '{}',
  pendingSeconds: '0',
  severity: 'warning',
  labels: '',
  runbookUrl: '',
  autoResolve: true,
  enabled: true,
  channelIds: [],
  policyId: null,
  notifyBudgetPerHour: '',
  description: '',
};

export function ruleValuesOf(rule: RuleView): RuleFormValues {
  const p = rule.params;
  return {
    name: rule.name,
    kind: rule.kind,
    metric: rule.metric,
    groupBy: rule.groupBy.join(', '),
    window: rule.window,
    op: comparisonOps.find((o) => o === p.op) ?? '>',
    value: typeof p.value === 'number' ? String(p.value) : '',
    clearValue: typeof p.clearValue === 'number' ? String(p.clearValue) : '',
    minCount: typeof p.minCount === 'number' ? String(p.minCount) : '',
    paramsJson: JSON.stringify(p, null, 2),
    pendingSeconds: String(rule.pendingSeconds),
    severity: rule.severity,
    labels: labelsText(rule.labels),
    runbookUrl: rule.runbookUrl ?? '',
    autoResolve: rule.autoResolve,
    enabled: rule.enabled,
    channelIds: rule.channelIds,
    policyId: rule.policyId,
    notifyBudgetPerHour: rule.notifyBudgetPerHour === null ? '' : String(rule.notifyBudgetPerHour),
    description: rule.description,
  };
}

/** Field keys errors are shown under (`params.value` is shown under `value`). */
export type RuleFieldKey =
  | 'name'
  | 'kind'
  | 'metric'
  | 'groupBy'
  | 'window'
  | 'op'
  | 'value'
  | 'clearValue'
  | 'minCount'
  | 'params'
  /** One parameter of a kind other than threshold (`params.percent`). */
  | `params.${string}`
  | 'pendingSeconds'
  | 'severity'
  | 'labels'
  | 'runbookUrl'
  | 'notifyBudgetPerHour';

export type RuleFieldErrors = Partial<Record<RuleFieldKey, string>>;

const fieldKeys: readonly RuleFieldKey[] = [
  'name',
  'kind',
  'metric',
  'groupBy',
  'window',
  'op',
  'value',
  'clearValue',
  'minCount',
  'params',
  'pendingSeconds',
  'severity',
  'labels',
  'runbookUrl',
  'notifyBudgetPerHour',
];

/** Maps a schema or server path (`params.clearValue`, `groupBy.0`) to the input that shows it. */
export function ruleFieldOf(path: string | null, kind: RuleKindName): RuleFieldKey | null {
  if (!path) return null;
  const parts = path.split('.');
  if (parts[0] === 'params') {
    if (kind !== 'threshold') return parts[1] ? `params.${parts[1]}` : 'params';
    const inner = parts[1];
    if (inner === 'op' || inner === 'value' || inner === 'clearValue' || inner === 'minCount') return inner;
    return 'value';
  }
  return fieldKeys.find((k) => k === parts[0]) ?? null;
}

function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

export type RuleValidation =
  { ok: true; input: CreateRuleInput } | { ok: false; fields: RuleFieldErrors; other: string[] };

/** Builds the request body from the inputs and checks it with the server's own schema. */
export function validateRule(values: RuleFormValues): RuleValidation {
  let fields: RuleFieldErrors = {};
  const other: string[] = [];
  let params: unknown;
  if (values.kind === 'threshold') {
    const value = numberOrText(values.value);
    const clearValue = numberOrText(values.clearValue);
    const minCount = numberOrText(values.minCount);
    params = {
      op: values.op,
      value: value ?? null,
      ...(clearValue === undefined ? {} : { clearValue }),
      ...(minCount === undefined ? {} : { minCount }),
    };
  } else {
    try {
      params = JSON.parse(values.paramsJson) as unknown;
    } catch {
      fields.params = 'params must be valid JSON';
    }
  }
  const { labels, error: labelsError } = parseLabelsText(values.labels);
  if (labelsError) fields.labels = labelsError;
  const pending = numberOrText(values.pendingSeconds);
  const raw = {
    name: values.name,
    description: values.description,
    kind: values.kind,
    metric: values.metric,
    groupBy: values.groupBy
      .split(',')
      .map((d) => d.trim())
      .filter((d) => d !== ''),
    window: values.window,
    params,
    pendingSeconds: pending ?? 0,
    severity: values.severity,
    labels,
    runbookUrl: values.runbookUrl.trim() === '' ? null : values.runbookUrl.trim(),
    channelIds: values.channelIds,
    policyId: values.policyId,
    notifyBudgetPerHour: numberOrText(values.notifyBudgetPerHour) ?? null,
    autoResolve: values.autoResolve,
    enabled: values.enabled,
  };
  const parsed = createRuleInputSchema.safeParse(raw);
  if (!parsed.success) {
    const found = issueErrors(
      parsed.error.issues,
      (path) => ruleFieldOf(path, values.kind),
      (issue, key) =>
        key === 'value' && values.value.trim() === '' ? 'a threshold needs a number' : issue.message,
    );
    // The JSON and label checks above keep their own message.
    fields = { ...found.fields, ...fields };
    other.push(...found.other);
  }
  if (Object.keys(fields).length > 0 || other.length > 0 || !parsed.success) {
    return { ok: false, fields, other };
  }
  return { ok: true, input: parsed.data };
}
