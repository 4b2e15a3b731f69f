'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Field, type FieldAria, type FieldProps } from '@/components/forms/field';
import { metricsQueryKey, useMetricCatalogue, type MetricSummary } from './catalogue-api';

/**
 * The catalogue as a form's metric choices, re-read when the form opens: it is cached for 30 s and
 * must include a metric created a moment ago.
 */
export function useMetricChoices(): readonly MetricSummary[] {
  const queryClient = useQueryClient();
  const catalogue = useMetricCatalogue();
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: metricsQueryKey });
  }, [queryClient]);
  return catalogue.data ?? [];
}

export type MetricSelectProps = FieldAria & {
  metrics: readonly MetricSummary[];
  value: string;
  onChange: (name: string) => void;
};

/** A select of the metrics; a stored name the catalogue no longer has stays a choice. */
export function MetricSelect({ metrics, value, onChange, ...aria }: MetricSelectProps) {
  return (
    <select {...aria} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">Choose a metric…</option>
      {value && !metrics.some((m) => m.name === value) && <option value={value}>{value}</option>}
      {metrics.map((m) => (
        <option key={m.name} value={m.name}>
          {m.name}
        </option>
      ))}
    </select>
  );
}

/** A labelled MetricSelect in a Field (error and hint under it). */
export function MetricField({
  metrics,
  value,
  onChange,
  ...field
}: Omit<FieldProps, 'children'> & Omit<MetricSelectProps, keyof FieldAria>) {
  return (
    <Field {...field}>
      {(aria) => <MetricSelect {...aria} metrics={metrics} value={value} onChange={onChange} />}
    </Field>
  );
}
