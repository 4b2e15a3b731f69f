import { issueErrors } from '@/components/forms/form-errors';
import {
  createMetricInputSchema,
  updateMetricInputSchema,
  type CreateMetricInput,
  type UpdateMetricInput,
} from '@/core/services/metrics/schemas';
import type { MetricSummary } from './catalogue-api';

/** The aggregation choices, read from the schema itself so the select offers exactly what it accepts. */
export const aggregations = createMetricInputSchema.shape.aggregation.unwrap().options;
export type Aggregation = (typeof aggregations)[number];

/** A stream metric aggregates events; a ratio divides two other metrics at query time. */
export type MetricKind = 'stream' | 'ratio';

/** What the form's inputs hold: text as typed, lists comma-separated. */
export type MetricFormValues = {
  kind: MetricKind;
  name: string;
  description: string;
  eventTypes: string;
  aggregation: Aggregation;
  valueField: string;
  dimensions: string;
  defaultGroupBy: string;
  unit: string;
  numerator: string;
  denominator: string;
  scale: string;
};

/** The inputs an error can point at; the keys are the schema's paths (as the server names them too). */
export const fieldKeys = [
  'name',
  'description',
  'eventTypes',
  'aggregation',
  'valueField',
  'dimensions',
  'defaultGroupBy',
  'unit',
  'ratioOf.numerator',
  'ratioOf.denominator',
  'ratioOf.scale',
] as const;
export type FieldKey = (typeof fieldKeys)[number];
export type FieldErrors = Partial<Record<FieldKey, string>>;

export const emptyFormValues: MetricFormValues = {
  kind: 'stream',
  name: '',
  description: '',
  eventTypes: '',
  aggregation: 'count',
  valueField: '',
  dimensions: '',
  defaultGroupBy: '',
  unit: '',
  numerator: '',
  denominator: '',
  scale: '1',
};

export function formValuesOf(metric: MetricSummary): MetricFormValues {
  return {
    kind: metric.ratioOf ? 'ratio' : 'stream',
    name: metric.name,
    description: metric.description,
    eventTypes: metric.eventTypes.join(', '),
    aggregation: metric.aggregation,
    valueField: metric.valueField ?? '',
    dimensions: metric.dimensions.join(', '),
    defaultGroupBy: metric.defaultGroupBy.join(', '),
    unit: metric.unit,
    numerator: metric.ratioOf?.numerator ?? '',
    denominator: metric.ratioOf?.denominator ?? '',
    scale: String(metric.ratioOf?.scale ?? 1),
  };
}

/** `a, b,,c ` → `['a', 'b', 'c']`. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function ratioOf(values: MetricFormValues) {
  const scale = values.scale.trim();
  return {
    numerator: values.numerator,
    denominator: values.denominator,
    // An empty scale means "no scaling"; anything else must parse as a number (the schema checks it).
    scale: scale === '' ? 1 : Number(scale),
  };
}

/** The create request body, before validation (the schema fills defaults and trims). */
export function createBodyOf(values: MetricFormValues): Record<string, unknown> {
  const common = {
    name: values.name.trim(),
    description: values.description,
    dimensions: splitList(values.dimensions),
    defaultGroupBy: splitList(values.defaultGroupBy),
    unit: values.unit,
  };
  if (values.kind === 'ratio') return { ...common, ratioOf: ratioOf(values) };
  return {
    ...common,
    eventTypes: splitList(values.eventTypes),
    aggregation: values.aggregation,
    valueField: values.valueField.trim() || null,
    ratioOf: null,
  };
}

/**
 * The PATCH body. Built-in metrics keep their meaning, so only their description and unit are sent;
 * a custom metric sends every field of its kind (switching kind clears or sets `ratioOf`).
 */
export function updateBodyOf(values: MetricFormValues, builtIn: boolean): Record<string, unknown> {
  if (builtIn) return { description: values.description, unit: values.unit };
  const { name: _name, ...rest } = createBodyOf(values);
  return rest;
}

/** Maps an error path (`eventTypes.2`, `ratioOf.numerator`, `ratioOf`) to the input that shows it. */
export function fieldKeyOf(path: string | null | undefined): FieldKey | null {
  if (!path) return null;
  const exact = fieldKeys.find((k) => k === path);
  if (exact) return exact;
  const [head, next] = path.split('.');
  if (head === 'ratioOf') {
    const sub = fieldKeys.find((k) => k === `ratioOf.${next ?? ''}`);
    return sub ?? 'ratioOf.numerator';
  }
  return fieldKeys.find((k) => k === head) ?? null;
}

export type ValidatedCreate =
  { ok: true; input: CreateMetricInput } | { ok: false; fields: FieldErrors; other: string[] };
export type ValidatedUpdate =
  { ok: true; input: UpdateMetricInput } | { ok: false; fields: FieldErrors; other: string[] };

/** Checks the form with the same schema the route handler uses. */
export function validateCreate(values: MetricFormValues): ValidatedCreate {
  const result = createMetricInputSchema.safeParse(createBodyOf(values));
  return result.success
    ? { ok: true, input: result.data }
    : { ok: false, ...issueErrors(result.error.issues, fieldKeyOf) };
}

export function validateUpdate(values: MetricFormValues, builtIn: boolean): ValidatedUpdate {
  const result = updateMetricInputSchema.safeParse(updateBodyOf(values, builtIn));
  return result.success
    ? { ok: true, input: result.data }
    : { ok: false, ...issueErrors(result.error.issues, fieldKeyOf) };
}
