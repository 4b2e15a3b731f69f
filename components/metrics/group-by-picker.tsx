'use client';

import { Field } from '@/components/forms/field';
import { metricDimensions } from '@/lib/alerting/prepare-rule';
import type { MetricSummary } from './catalogue-api';

/** Dimensions as the form keeps them: comma-separated text. */
export const parseGroupBy = (text: string) =>
  text
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');

/** The dimensions a catalogue metric can be grouped by (a ratio: those both its parts have); null: unknown. */
export function dimensionsOf(metrics: readonly MetricSummary[], name: string): string[] | null {
  const lookup = (n: string) => metrics.find((m) => m.name === n) ?? null;
  const metric = lookup(name);
  return metric ? metricDimensions(metric, lookup) : null;
}

export type GroupByPickerProps = {
  id: string;
  label: string;
  hint: string;
  error?: string;
  errorTestId?: string;
  /** The chosen metric's dimensions; null while no (known) metric is chosen. */
  dimensions: readonly string[] | null;
  /** Comma-separated, as the form keeps it. */
  value: string;
  onChange: (value: string) => void;
};

/**
 * Group-by as a choice among the metric's dimensions (checkboxes); free text only for a metric that
 * declares none. A chosen name the metric lacks stays listed, checked, so it can be unchecked.
 */
export function GroupByPicker(props: GroupByPickerProps) {
  const { id, label, hint, error, errorTestId, dimensions, value, onChange } = props;
  if (dimensions !== null && dimensions.length === 0) {
    return (
      <Field
        id={id}
        label={label}
        error={error}
        errorTestId={errorTestId}
        hint={`${hint} This metric declares no dimensions: type them, comma-separated.`}
      >
        {(aria) => <input {...aria} value={value} onChange={(e) => onChange(e.target.value)} />}
      </Field>
    );
  }
  const chosen = parseGroupBy(value);
  const choices = [...(dimensions ?? []), ...chosen.filter((d) => !dimensions?.includes(d))];
  const toggle = (d: string, on: boolean) =>
    onChange((on ? [...chosen, d] : chosen.filter((c) => c !== d)).join(', '));
  const describedBy = [error ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(' ');
  return (
    <fieldset
      className="field check-group"
      id={id}
      aria-describedby={describedBy}
      data-testid="group-by-picker"
    >
      <legend>{label}</legend>
      <div className="check-row">
        {choices.map((d) => (
          <label key={d}>
            <input
              type="checkbox"
              checked={chosen.includes(d)}
              onChange={(e) => toggle(d, e.target.checked)}
            />{' '}
            {d}
            {dimensions && !dimensions.includes(d) && <span className="muted"> (not a dimension)</span>}
          </label>
        ))}
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error" data-testid={errorTestId}>
          {error}
        </p>
      )}
      <p id={`${id}-hint`} className="field-hint">
        {dimensions === null ? 'Choose a metric to pick its dimensions.' : hint}
      </p>
    </fieldset>
  );
}
