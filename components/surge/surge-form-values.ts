import { issueErrors } from '@/components/forms/form-errors';
import { severities, type Severity } from '@/lib/alerting/types';
import { createSurgeRuleInputSchema, type CreateSurgeRuleInput } from '@/core/services/surge-rules/schemas';
import { surgeWindows } from '@/lib/surge/windows';
import type { SurgeRuleView } from './surge-api';

export { severities, surgeWindows };

/** One tier row as typed. */
export type TierValues = { ratio: string; multiplier: string };

/** What the inputs hold, as typed. */
export type SurgeFormValues = {
  name: string;
  demandMetric: string;
  supplyMetric: string;
  groupBy: string;
  window: (typeof surgeWindows)[number];
  tiers: TierValues[];
  cap: string;
  holdSeconds: string;
  cooldownSeconds: string;
  /** A multiplier as text, or '' for no incidents. */
  incidentMultiplier: string;
  severity: Severity;
  enabled: boolean;
};

export const emptySurgeValues: SurgeFormValues = {
  name: '',
  demandMetric: '',
  supplyMetric: '',
  groupBy: 'zone',
  window: '5m',
  tiers: [
    { ratio: '1.5', multiplier: '1.2' },
    { ratio: '2', multiplier: '1.5' },
    { ratio: '3', multiplier: '2' },
  ],
  cap: '',
  holdSeconds: '60',
  cooldownSeconds: '30',
  incidentMultiplier: '',
  severity: 'warning',
  enabled: true,
};

export function surgeValuesOf(rule: SurgeRuleView): SurgeFormValues {
  return {
    name: rule.name,
    demandMetric: rule.demandMetric,
    supplyMetric: rule.supplyMetric,
    groupBy: rule.groupBy.join(', '),
    window: rule.window,
    tiers: rule.tiers.map((t) => ({ ratio: String(t.ratio), multiplier: String(t.multiplier) })),
    cap: rule.cap === null ? '' : String(rule.cap),
    holdSeconds: String(rule.holdSeconds),
    cooldownSeconds: String(rule.cooldownSeconds),
    incidentMultiplier: rule.incidentMultiplier === null ? '' : String(rule.incidentMultiplier),
    severity: rule.severity,
    enabled: rule.enabled,
  };
}

/** Inputs errors are shown under; tier errors by row (`tiers.1.multiplier`). */
export type SurgeFieldKey =
  | 'name'
  | 'demandMetric'
  | 'supplyMetric'
  | 'groupBy'
  | 'window'
  | 'tiers'
  | `tiers.${number}.ratio`
  | `tiers.${number}.multiplier`
  | 'cap'
  | 'holdSeconds'
  | 'cooldownSeconds'
  | 'incidentMultiplier'
  | 'severity';

export type SurgeFieldErrors = Partial<Record<SurgeFieldKey, string>>;

const plainKeys = [
  'name',
  'demandMetric',
  'supplyMetric',
  'groupBy',
  'window',
  'cap',
  'holdSeconds',
  'cooldownSeconds',
  'incidentMultiplier',
  'severity',
] as const;

/**
 * Maps a schema or server path (`tiers.1.ratio`, `groupBy.0`) to the input that shows it. Tier paths
 * index the sorted tiers, so they name a row only when the rows are already sorted by ratio.
 */
export function surgeFieldOf(path: string | null, values: SurgeFormValues): SurgeFieldKey | null {
  if (!path) return null;
  const [head, index, leaf] = path.split('.');
  if (head === 'tiers') {
    const i = Number(index);
    const ratios = values.tiers.map((t) => Number(t.ratio));
    const sorted = ratios.every((r, j) => j === 0 || r >= (ratios[j - 1] ?? r));
    if (sorted && Number.isInteger(i) && (leaf === 'ratio' || leaf === 'multiplier')) {
      return `tiers.${i}.${leaf}`;
    }
    return 'tiers';
  }
  return plainKeys.find((k) => k === head) ?? null;
}

function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

export type SurgeValidation =
  { ok: true; input: CreateSurgeRuleInput } | { ok: false; fields: SurgeFieldErrors; other: string[] };

/** Builds the request body from the inputs and checks it with the server's own schema. */
export function validateSurgeRule(values: SurgeFormValues): SurgeValidation {
  const raw = {
    name: values.name,
    demandMetric: values.demandMetric,
    supplyMetric: values.supplyMetric,
    groupBy: values.groupBy
      .split(',')
      .map((d) => d.trim())
      .filter((d) => d !== ''),
    window: values.window,
    tiers: values.tiers.map((t) => ({
      ratio: numberOrText(t.ratio) ?? null,
      multiplier: numberOrText(t.multiplier) ?? null,
    })),
    cap: numberOrText(values.cap) ?? null,
    holdSeconds: numberOrText(values.holdSeconds) ?? 0,
    cooldownSeconds: numberOrText(values.cooldownSeconds) ?? 0,
    incidentMultiplier: numberOrText(values.incidentMultiplier) ?? null,
    severity: values.severity,
    enabled: values.enabled,
  };
  const parsed = createSurgeRuleInputSchema.safeParse(raw);
  if (!parsed.success) {
    const { fields, other } = issueErrors(
      parsed.error.issues,
      (path) => surgeFieldOf(path, values),
      (issue) => (issue.code === 'invalid_type' ? 'a number is needed' : issue.message),
    );
    return { ok: false, fields, other };
  }
  return { ok: true, input: parsed.data };
}
