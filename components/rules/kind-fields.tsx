'use client';

import type { ReactNode } from 'react';
import { Field, type FieldAria } from '@/components/forms/field';
import { comparisonOps } from '@/lib/alerting/kinds/kind';
import type { RuleKindName } from '@/lib/alerting/kinds';
import type { RuleFieldErrors } from './rule-form-values';

type Params = Record<string, unknown>;

/** The kinds with inputs here (threshold has its own; sentiment is in sentiment-fields.tsx). */
export const kindsWithFields = ['anomaly', 'rate_of_change', 'no_data'] as const;
type KindWithFields = (typeof kindsWithFields)[number];

export function hasKindFields(kind: RuleKindName): kind is KindWithFields {
  return (kindsWithFields as readonly string[]).includes(kind);
}

/** The params a kind starts from when it is chosen in the editor (each valid for its schema). */
export function defaultParamsJson(kind: RuleKindName): string {
  const defaults: Partial<Record<RuleKindName, Params>> = {
    anomaly: { sensitivity: 'medium', seasonality: 'daily', direction: 'both' },
    rate_of_change: { compare: 'previous_window', op: '>', percent: 50 },
    no_data: { for: 300 },
  };
  return JSON.stringify(defaults[kind] ?? {}, null, 2);
}

function parse(json: string): Params {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Params) : {};
  } catch {
    return {};
  }
}

const numberOrText = (text: string): number | string | undefined => {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
};

export type KindFieldsProps = {
  kind: KindWithFields;
  /** The rule's params as JSON; every input here rewrites it, so the server's schema stays the one judge. */
  paramsJson: string;
  onParamsJson: (json: string) => void;
  errors: RuleFieldErrors;
  idPrefix: string;
};

/**
 * Dedicated inputs for the anomaly (sensitivity, seasonality, direction, lookback, smallest deviation),
 * rate of change (compared window, operator, percent, clear percent) and no data (event type, duration)
 * kinds, matching the params schemas in lib/alerting/kinds.
 */
export function KindFields({ kind, paramsJson, onParamsJson, errors, idPrefix }: KindFieldsProps) {
  const params = parse(paramsJson);
  const text = (key: string) => {
    const v = params[key];
    return typeof v === 'number' || typeof v === 'string' ? String(v) : '';
  };
  const set = (key: string, value: unknown) => {
    const next: Params = { ...params, [key]: value };
    if (value === undefined) delete next[key];
    onParamsJson(JSON.stringify(next, null, 2));
  };

  const field = (name: string, label: string, input: (aria: FieldAria) => ReactNode, hint?: string) => (
    <Field
      id={`${idPrefix}-param-${name}`}
      label={label}
      error={errors[`params.${name}`]}
      errorTestId={`rule-error-params.${name}`}
      hint={hint}
    >
      {input}
    </Field>
  );
  const select = (
    name: string,
    label: string,
    choices: readonly (readonly [string, string])[],
    fallback: string,
    hint?: string,
  ) =>
    field(
      name,
      label,
      (aria) => (
        <select {...aria} value={text(name) || fallback} onChange={(e) => set(name, e.target.value)}>
          {choices.map(([value, shown]) => (
            <option key={value} value={value}>
              {shown}
            </option>
          ))}
        </select>
      ),
      hint,
    );
  const number = (name: string, label: string, hint?: string) =>
    field(
      name,
      label,
      (aria) => (
        <input
          {...aria}
          inputMode="decimal"
          value={text(name)}
          onChange={(e) => set(name, numberOrText(e.target.value))}
        />
      ),
      hint,
    );

  const legend = { anomaly: 'Anomaly condition', rate_of_change: 'Rate of change', no_data: 'No data' }[kind];
  return (
    <fieldset className="notify-fields field-wide" data-testid={`kind-fields-${kind}`}>
      <legend>{legend}</legend>
      {kind === 'anomaly' && (
        <>
          {select(
            'sensitivity',
            'Sensitivity',
            [
              ['low', 'Low (6 σ)'],
              ['medium', 'Medium (4 σ)'],
              ['high', 'High (3 σ)'],
            ],
            'medium',
            'How far from the baseline a window must be to fire.',
          )}
          {select(
            'seasonality',
            'Seasonality',
            [
              ['daily', 'Daily: same time on past days'],
              ['weekly', 'Weekly: same time on past weeks'],
              ['none', 'None: the previous windows'],
            ],
            'daily',
          )}
          {select(
            'direction',
            'Direction',
            [
              ['both', 'Rises and falls'],
              ['up', 'Rises only'],
              ['down', 'Falls only'],
            ],
            'both',
          )}
          {number(
            'lookback',
            'Lookback',
            'Past periods in the baseline; empty: 14 days, 4 weeks or 30 windows.',
          )}
          {number('minDeviation', 'Smallest deviation', "In the metric's unit, for quiet series; empty: 0.")}
        </>
      )}
      {kind === 'rate_of_change' && (
        <>
          {select(
            'compare',
            'Compare to',
            [
              ['previous_window', 'The previous window'],
              ['same_time_yesterday', 'The same time yesterday'],
            ],
            'previous_window',
          )}
          {select(
            'op',
            'Operator',
            comparisonOps.map((o) => [o, o] as const),
            '>',
          )}
          {number('percent', 'Change (%)', '50 is a rise by half, −50 a fall by half.')}
          {number(
            'clearPercent',
            'Clear at (%)',
            'Where a firing series clears (hysteresis); empty: the change.',
          )}
        </>
      )}
      {kind === 'no_data' && (
        <>
          {field(
            'eventType',
            'Event type',
            (aria) => (
              <input
                {...aria}
                value={text('eventType')}
                onChange={(e) => set('eventType', e.target.value.trim() === '' ? undefined : e.target.value)}
              />
            ),
            'Only events of this type count; empty: any event of the metric.',
          )}
          {number(
            'for',
            'Duration (seconds)',
            'Seconds without a single event before the series fires (10 to 86,400).',
          )}
        </>
      )}
      {errors.params && (
        <p className="field-error field-wide" data-testid="rule-error-params">
          {errors.params}
        </p>
      )}
    </fieldset>
  );
}
