'use client';

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Field } from '@/components/forms/field';
import { noFormErrors, type FormErrors } from '@/components/forms/form-errors';
import { FormAlert } from '@/components/forms/form-layout';
import { useFormSubmit } from '@/components/forms/use-form-submit';
import { metricPath, metricsQueryKey, type MetricSummary } from './catalogue-api';
import {
  aggregations,
  emptyFormValues,
  fieldKeyOf,
  fieldKeys,
  formValuesOf,
  validateCreate,
  validateUpdate,
  type Aggregation,
  type FieldErrors,
  type FieldKey,
  type MetricFormValues,
  type MetricKind,
} from './metric-form-values';

export type MetricFormProps = {
  /** The metric to edit; absent for a new one. */
  metric?: MetricSummary;
  /** The catalogue, for the ratio's numerator and denominator choices. */
  catalogue: readonly MetricSummary[];
  onSaved: (metric: MetricSummary, how: 'created' | 'updated') => void;
  onCancel: () => void;
};

const commonFields: FieldKey[] = ['name', 'description', 'unit', 'dimensions', 'defaultGroupBy'];
const streamFields = new Set<FieldKey>([...commonFields, 'eventTypes', 'aggregation', 'valueField']);
const ratioFields = new Set<FieldKey>([
  ...commonFields,
  'ratioOf.numerator',
  'ratioOf.denominator',
  'ratioOf.scale',
]);

/** Which inputs a built-in metric lets an admin change (the server refuses the rest). */
const builtInEditable = new Set<FieldKey>(['description', 'unit']);

/**
 * Create or edit a catalogue entry. The values are checked with the route's own zod schema before the
 * request; each message shows under its input (server errors that name a field too).
 */
export function MetricForm({ metric, catalogue, onSaved, onCancel }: MetricFormProps) {
  const editing = metric !== undefined;
  const builtIn = metric?.builtIn ?? false;
  const idPrefix = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRefs = useRef(new Map<FieldKey, HTMLElement>());
  const [values, setValues] = useState<MetricFormValues>(() =>
    metric ? formValuesOf(metric) : emptyFormValues,
  );
  const [checked, setChecked] = useState(false);
  const form = useFormSubmit<FieldKey, MetricSummary>({
    editPath: metric && metricPath(metric.name),
    createPath: '/api/v1/metrics',
    invalidates: metricsQueryKey,
    fieldOf: fieldKeyOf,
    fallback: 'The metric could not be saved.',
    onSaved,
  });
  const server = form.errors;
  // Bumped after a failed save, so the first input in error takes the focus once (not on every keystroke).
  const [focusRequest, setFocusRequest] = useState<{ field: FieldKey | null; n: number }>({
    field: null,
    n: 0,
  });

  // Once the person has tried to save, errors follow their typing (and disappear as fields are fixed).
  const local: FormErrors<FieldKey> = (() => {
    if (!checked) return noFormErrors;
    const result = editing ? validateUpdate(values, builtIn) : validateCreate(values);
    return result.ok ? noFormErrors : { fields: result.fields, other: result.other };
  })();
  const isRatio = values.kind === 'ratio';
  const shown = isRatio ? ratioFields : streamFields;
  const errors: FieldErrors = {};
  const otherErrors = [...local.other, ...server.other];
  // An error about an input this kind of metric does not show goes to the form's own message.
  for (const [key, message] of Object.entries({ ...server.fields, ...local.fields }) as [
    FieldKey,
    string,
  ][]) {
    if (shown.has(key)) errors[key] = message;
    else otherErrors.push(message);
  }
  const errorCount = Object.keys(errors).length;

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    if (focusRequest.field) inputRefs.current.get(focusRequest.field)?.focus();
  }, [focusRequest]);

  function requestFocus(fields: FieldErrors) {
    const first = fieldKeys.find((k) => fields[k] !== undefined) ?? null;
    setFocusRequest((old) => ({ field: first, n: old.n + 1 }));
  }

  function update<K extends keyof MetricFormValues>(key: K, value: MetricFormValues[K]) {
    setValues((old) => ({ ...old, [key]: value }));
    const field = fieldKeyOf(
      key === 'numerator' || key === 'denominator' || key === 'scale' ? `ratioOf.${key}` : key,
    );
    if (field && server.fields[field]) {
      form.setErrors((old) => {
        const fields = { ...old.fields };
        delete fields[field];
        return { ...old, fields };
      });
    }
  }

  async function save(body: unknown) {
    form.setErrors(noFormErrors);
    const refused = await form.save(body);
    if (refused) requestFocus(refused.fields);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.pending) return;
    setChecked(true);
    const result = editing ? validateUpdate(values, builtIn) : validateCreate(values);
    if (!result.ok) {
      form.setErrors(noFormErrors);
      requestFocus(result.fields);
      return;
    }
    void save(result.input);
  }

  const ratioChoices = catalogue.filter((m) => !m.ratioOf && m.name !== values.name);
  const locked = (field: FieldKey) => builtIn && !builtInEditable.has(field);
  const fieldProps = (field: FieldKey) => ({
    id: `${idPrefix}-${field.replace('.', '-')}`,
    error: errors[field],
    errorTestId: `field-error-${field}`,
  });
  // The input's name, and its element kept so a failed save can focus the first input in error.
  const control = (field: FieldKey) => ({
    name: field,
    ref: (element: HTMLElement | null) => {
      if (element) inputRefs.current.set(field, element);
      else inputRefs.current.delete(field);
    },
  });

  return (
    <section className="panel form-panel" aria-labelledby={`${idPrefix}-title`} data-testid="metric-form">
      <header className="panel-header">
        <h2 id={`${idPrefix}-title`} className="panel-title" ref={headingRef} tabIndex={-1}>
          {editing ? `Edit metric ${metric.name}` : 'New metric'}
        </h2>
        {builtIn && (
          <p className="panel-description">
            {metric?.name} is built in: only its description and unit can change.
          </p>
        )}
      </header>
      <form className="metric-form" onSubmit={onSubmit} noValidate>
        <FormAlert
          messages={
            otherErrors.length > 0 || errorCount === 0
              ? otherErrors
              : `Check ${errorCount === 1 ? 'the highlighted field' : `the ${errorCount} highlighted fields`}.`
          }
          testId="metric-form-alert"
        />

        {!editing || !builtIn ? (
          <fieldset className="kind-choice">
            <legend>Kind</legend>
            <KindOption
              name={`${idPrefix}-kind`}
              value="stream"
              current={values.kind}
              onChange={(kind) => update('kind', kind)}
              label="Aggregate events"
              hint="count, sum, average, percentiles… of matching events"
            />
            <KindOption
              name={`${idPrefix}-kind`}
              value="ratio"
              current={values.kind}
              onChange={(kind) => update('kind', kind)}
              label="Ratio of two metrics"
              hint="one metric divided by another, bucket by bucket"
            />
          </fieldset>
        ) : null}

        <div className="form-grid">
          <Field
            {...fieldProps('name')}
            label="Name"
            hint="lowercase letters, digits and _, e.g. checkout_amount"
          >
            {(aria) => (
              <input
                {...aria}
                {...control('name')}
                value={values.name}
                onChange={(e) => update('name', e.target.value)}
                readOnly={editing}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          <Field {...fieldProps('unit')} label="Unit" hint="e.g. USD, ms, %, requests">
            {(aria) => (
              <input
                {...aria}
                {...control('unit')}
                value={values.unit}
                onChange={(e) => update('unit', e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
          <Field {...fieldProps('description')} label="Description" wide>
            {(aria) => (
              <input
                {...aria}
                {...control('description')}
                value={values.description}
                onChange={(e) => update('description', e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>

          {!isRatio && (
            <>
              <Field
                {...fieldProps('eventTypes')}
                label="Event types"
                hint="comma-separated; empty means every type"
                wide
              >
                {(aria) => (
                  <input
                    {...aria}
                    {...control('eventTypes')}
                    value={values.eventTypes}
                    onChange={(e) => update('eventTypes', e.target.value)}
                    disabled={locked('eventTypes')}
                    autoComplete="off"
                    spellCheck={false}
                  />
                )}
              </Field>
              <Field {...fieldProps('aggregation')} label="Aggregation">
                {(aria) => (
                  <select
                    {...aria}
                    {...control('aggregation')}
                    value={values.aggregation}
                    onChange={(e) => update('aggregation', e.target.value as Aggregation)}
                    disabled={locked('aggregation')}
                  >
                    {aggregations.map((a) => (
                      <option key={a} value={a}>
                        {a}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                {...fieldProps('valueField')}
                label="Value field"
                hint="value or props.<name>; needed by sum, avg, min, max, percentiles and topk"
              >
                {(aria) => (
                  <input
                    {...aria}
                    {...control('valueField')}
                    value={values.valueField}
                    onChange={(e) => update('valueField', e.target.value)}
                    disabled={locked('valueField')}
                    placeholder="value"
                    autoComplete="off"
                    spellCheck={false}
                  />
                )}
              </Field>
            </>
          )}

          {isRatio && (
            <>
              <Field {...fieldProps('ratioOf.numerator')} label="Numerator">
                {(aria) => (
                  <select
                    {...aria}
                    {...control('ratioOf.numerator')}
                    value={values.numerator}
                    onChange={(e) => update('numerator', e.target.value)}
                  >
                    <option value="">Choose a metric…</option>
                    {ratioChoices.map((m) => (
                      <option key={m.name} value={m.name}>
                        {m.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field {...fieldProps('ratioOf.denominator')} label="Denominator">
                {(aria) => (
                  <select
                    {...aria}
                    {...control('ratioOf.denominator')}
                    value={values.denominator}
                    onChange={(e) => update('denominator', e.target.value)}
                  >
                    <option value="">Choose a metric…</option>
                    {ratioChoices.map((m) => (
                      <option key={m.name} value={m.name}>
                        {m.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                {...fieldProps('ratioOf.scale')}
                label="Scale"
                hint="multiplies the ratio, e.g. 100 for a percentage"
              >
                {(aria) => (
                  <input
                    {...aria}
                    {...control('ratioOf.scale')}
                    value={values.scale}
                    onChange={(e) => update('scale', e.target.value)}
                    inputMode="decimal"
                    autoComplete="off"
                  />
                )}
              </Field>
            </>
          )}

          <Field
            {...fieldProps('dimensions')}
            label="Dimensions"
            hint="comma-separated: type, source, user or prop names (at most 6)"
          >
            {(aria) => (
              <input
                {...aria}
                {...control('dimensions')}
                value={values.dimensions}
                onChange={(e) => update('dimensions', e.target.value)}
                disabled={locked('dimensions')}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          <Field
            {...fieldProps('defaultGroupBy')}
            label="Default group-by"
            hint="comma-separated, each one of the dimensions"
          >
            {(aria) => (
              <input
                {...aria}
                {...control('defaultGroupBy')}
                value={values.defaultGroupBy}
                onChange={(e) => update('defaultGroupBy', e.target.value)}
                disabled={locked('defaultGroupBy')}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
        </div>

        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.pending}>
            {form.pending ? 'Saving…' : editing ? 'Save changes' : 'Create metric'}
          </button>
          <button type="button" className="button" onClick={onCancel} disabled={form.pending}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

function KindOption(props: {
  name: string;
  value: MetricKind;
  current: MetricKind;
  onChange: (kind: MetricKind) => void;
  label: string;
  hint: string;
}) {
  const { name, value, current, onChange, label, hint } = props;
  return (
    <label className="kind-option">
      <input
        type="radio"
        name={name}
        value={value}
        checked={current === value}
        onChange={() => onChange(value)}
      />
      <span>
        <span className="kind-label">{label}</span>
        <span className="kind-hint">{hint}</span>
      </span>
    </label>
  );
}
