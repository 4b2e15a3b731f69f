'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { metricsQueryKey, useMetricCatalogue } from '@/components/metrics/catalogue-api';
import { surgeRulePath, surgeRulesQueryKey, type SurgeRuleView } from './surge-api';
import {
  emptySurgeValues,
  severities,
  surgeFieldOf,
  surgeValuesOf,
  surgeWindows,
  validateSurgeRule,
  type SurgeFieldErrors,
  type SurgeFieldKey,
  type SurgeFormValues,
} from './surge-form-values';

type Aria = { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };

function Field(props: {
  id: string;
  label: string;
  field: SurgeFieldKey;
  errors: SurgeFieldErrors;
  hint?: string;
  children: (aria: Aria) => ReactNode;
}) {
  const { id, label, field, errors, hint, children } = props;
  const error = errors[field];
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {error && (
        <p id={`${id}-error`} className="field-error" data-testid={`surge-error-${field}`}>
          {error}
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

export type SurgeRuleFormProps = {
  rule?: SurgeRuleView;
  onSaved: (rule: SurgeRuleView, how: 'created' | 'updated') => void;
  onCancel: () => void;
};

/** Create or edit a surge rule (admins): tiers, cap, hold, cooldown, incident tier; errors under each input. */
export function SurgeRuleForm({ rule, onSaved, onCancel }: SurgeRuleFormProps) {
  const editing = rule !== undefined;
  const queryClient = useQueryClient();
  const catalogue = useMetricCatalogue();
  const p = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [values, setValues] = useState<SurgeFormValues>(() =>
    rule ? surgeValuesOf(rule) : emptySurgeValues,
  );
  const [checked, setChecked] = useState(false);
  const [serverErrors, setServerErrors] = useState<{ fields: SurgeFieldErrors; other: string[] }>({
    fields: {},
    other: [],
  });
  const [pending, setPending] = useState(false);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  // The metric choices must include one created a moment ago.
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: metricsQueryKey });
  }, [queryClient]);

  const local = checked ? validateSurgeRule(values) : null;
  const errors: SurgeFieldErrors = { ...serverErrors.fields, ...(local && !local.ok ? local.fields : {}) };
  const other = [...serverErrors.other, ...(local && !local.ok ? local.other : [])];

  function update<K extends keyof SurgeFormValues>(key: K, value: SurgeFormValues[K]) {
    setValues((old) => ({ ...old, [key]: value }));
    setServerErrors({ fields: {}, other: [] });
  }
  function updateTier(index: number, key: 'ratio' | 'multiplier', value: string) {
    update(
      'tiers',
      values.tiers.map((t, i) => (i === index ? { ...t, [key]: value } : t)),
    );
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setChecked(true);
    const result = validateSurgeRule(values);
    if (!result.ok) return;
    setPending(true);
    try {
      const saved = editing
        ? await sendJson<SurgeRuleView>('PATCH', surgeRulePath(rule.id), result.input)
        : await sendJson<SurgeRuleView>('POST', '/api/v1/surge-rules', result.input);
      await queryClient.invalidateQueries({ queryKey: surgeRulesQueryKey });
      if (saved) onSaved(saved, editing ? 'updated' : 'created');
    } catch (error) {
      const message = error instanceof Error ? error.message : 'The surge rule could not be saved.';
      const field = error instanceof ApiError ? surgeFieldOf(error.field, values) : null;
      setServerErrors(field ? { fields: { [field]: message }, other: [] } : { fields: {}, other: [message] });
    } finally {
      setPending(false);
    }
  }

  const metrics = catalogue.data ?? [];
  const metricSelect = (key: 'demandMetric' | 'supplyMetric', aria: Aria) => (
    <select {...aria} value={values[key]} onChange={(e) => update(key, e.target.value)}>
      <option value="">Choose a metric…</option>
      {values[key] && !metrics.some((m) => m.name === values[key]) && (
        <option value={values[key]}>{values[key]}</option>
      )}
      {metrics.map((m) => (
        <option key={m.name} value={m.name}>
          {m.name}
        </option>
      ))}
    </select>
  );
  const tierMultipliers = [
    ...new Set(
      values.tiers.map((t) => t.multiplier.trim()).filter((m) => m !== '' && Number.isFinite(Number(m))),
    ),
  ];
  if (values.incidentMultiplier && !tierMultipliers.includes(values.incidentMultiplier)) {
    tierMultipliers.push(values.incidentMultiplier);
  }

  return (
    <section className="panel form-panel" aria-labelledby={`${p}-title`}>
      <h2 id={`${p}-title`} className="panel-title" tabIndex={-1} ref={headingRef}>
        {editing ? `Edit surge rule ${rule.name}` : 'New surge rule'}
      </h2>
      <form className="metric-form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="surge-form">
        <div className="form-grid">
          <Field id={`${p}-name`} label="Name" field="name" errors={errors}>
            {(aria) => (
              <input {...aria} value={values.name} onChange={(e) => update('name', e.target.value)} />
            )}
          </Field>
          <Field
            id={`${p}-group`}
            label="Group by"
            field="groupBy"
            errors={errors}
            hint="Dimensions, comma-separated: one multiplier each (a zone)."
          >
            {(aria) => (
              <input {...aria} value={values.groupBy} onChange={(e) => update('groupBy', e.target.value)} />
            )}
          </Field>
          <Field id={`${p}-demand`} label="Demand metric" field="demandMetric" errors={errors}>
            {(aria) => metricSelect('demandMetric', aria)}
          </Field>
          <Field id={`${p}-supply`} label="Supply metric" field="supplyMetric" errors={errors}>
            {(aria) => metricSelect('supplyMetric', aria)}
          </Field>
          <Field
            id={`${p}-window`}
            label="Window"
            field="window"
            errors={errors}
            hint="Demand and supply are counted over it."
          >
            {(aria) => (
              <select
                {...aria}
                value={values.window}
                onChange={(e) => update('window', e.target.value as SurgeFormValues['window'])}
              >
                {surgeWindows.map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id={`${p}-cap`}
            label="Cap"
            field="cap"
            errors={errors}
            hint="Highest multiplier; empty: the top tier's."
          >
            {(aria) => (
              <input
                {...aria}
                inputMode="decimal"
                value={values.cap}
                onChange={(e) => update('cap', e.target.value)}
              />
            )}
          </Field>
          <Field
            id={`${p}-hold`}
            label="Hold seconds"
            field="holdSeconds"
            errors={errors}
            hint="Time at a multiplier before it may step down."
          >
            {(aria) => (
              <input
                {...aria}
                inputMode="numeric"
                value={values.holdSeconds}
                onChange={(e) => update('holdSeconds', e.target.value)}
              />
            )}
          </Field>
          <Field
            id={`${p}-cooldown`}
            label="Cooldown seconds"
            field="cooldownSeconds"
            errors={errors}
            hint="Least time between two changes of a group."
          >
            {(aria) => (
              <input
                {...aria}
                inputMode="numeric"
                value={values.cooldownSeconds}
                onChange={(e) => update('cooldownSeconds', e.target.value)}
              />
            )}
          </Field>
          <Field
            id={`${p}-incident`}
            label="Incident from"
            field="incidentMultiplier"
            errors={errors}
            hint="A group at this multiplier or above opens an incident."
          >
            {(aria) => (
              <select
                {...aria}
                value={values.incidentMultiplier}
                onChange={(e) => update('incidentMultiplier', e.target.value)}
              >
                <option value="">No incidents</option>
                {tierMultipliers.map((m) => (
                  <option key={m} value={m}>
                    ×{m}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={`${p}-severity`} label="Incident severity" field="severity" errors={errors}>
            {(aria) => (
              <select
                {...aria}
                value={values.severity}
                onChange={(e) => update('severity', e.target.value as SurgeFormValues['severity'])}
              >
                {severities.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset
            className="surge-tiers field-wide"
            aria-describedby={errors.tiers ? `${p}-tiers-error` : undefined}
          >
            <legend>Tiers: demand ÷ supply at least → multiplier</legend>
            <ol className="surge-tier-list">
              {values.tiers.map((tier, i) => (
                <li key={i} className="surge-tier" data-testid={`surge-tier-${i}`}>
                  <Field
                    id={`${p}-tier-${i}-ratio`}
                    label={`Tier ${i + 1} ratio`}
                    field={`tiers.${i}.ratio`}
                    errors={errors}
                  >
                    {(aria) => (
                      <input
                        {...aria}
                        inputMode="decimal"
                        value={tier.ratio}
                        onChange={(e) => updateTier(i, 'ratio', e.target.value)}
                      />
                    )}
                  </Field>
                  <Field
                    id={`${p}-tier-${i}-multiplier`}
                    label={`Tier ${i + 1} multiplier`}
                    field={`tiers.${i}.multiplier`}
                    errors={errors}
                  >
                    {(aria) => (
                      <input
                        {...aria}
                        inputMode="decimal"
                        value={tier.multiplier}
                        onChange={(e) => updateTier(i, 'multiplier', e.target.value)}
                      />
                    )}
                  </Field>
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    aria-label={`Remove tier ${i + 1}`}
                    disabled={values.tiers.length <= 1}
                    onClick={() =>
                      update(
                        'tiers',
                        values.tiers.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ol>
            {errors.tiers && (
              <p id={`${p}-tiers-error`} className="field-error" data-testid="surge-error-tiers">
                {errors.tiers}
              </p>
            )}
            <button
              type="button"
              className="button button-small"
              disabled={values.tiers.length >= 20}
              onClick={() => update('tiers', [...values.tiers, { ratio: '', multiplier: '' }])}
            >
              Add tier
            </button>
          </fieldset>
          <div className="field">
            <label>
              <input
                type="checkbox"
                checked={values.enabled}
                onChange={(e) => update('enabled', e.target.checked)}
              />{' '}
              Enabled
            </label>
          </div>
        </div>
        {other.length > 0 && (
          <div className="form-alert" role="alert" data-testid="surge-form-error">
            {other.join(' ')}
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Saving…' : editing ? 'Save surge rule' : 'Create surge rule'}
          </button>
          <button type="button" className="button button-ghost" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
