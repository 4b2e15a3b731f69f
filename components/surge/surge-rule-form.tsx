'use client';

import { useId, useState, type FormEvent } from 'react';
import { Field } from '@/components/forms/field';
import { noFormErrors } from '@/components/forms/form-errors';
import { FormActions, FormAlert, FormPanel } from '@/components/forms/form-layout';
import { useFormSubmit } from '@/components/forms/use-form-submit';
import { dimensionsOf, GroupByPicker } from '@/components/metrics/group-by-picker';
import type { MetricSummary } from '@/components/metrics/catalogue-api';
import { MetricSelect, useMetricChoices } from '@/components/metrics/metric-select';
import { surgeRulePath, surgeRulesQueryKey, type SurgeRuleView } from './surge-api';
import { SurgePreview } from './surge-preview';
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

/** A surge rule groups both its metrics: the dimensions they share (either one's while the other is unset). */
function surgeDimensions(metrics: readonly MetricSummary[], demand: string, supply: string) {
  const a = dimensionsOf(metrics, demand);
  const b = dimensionsOf(metrics, supply);
  if (a === null || b === null) return a ?? b;
  return a.filter((d) => b.includes(d));
}

export type SurgeRuleFormProps = {
  rule?: SurgeRuleView;
  onSaved: (rule: SurgeRuleView, how: 'created' | 'updated') => void;
  onCancel: () => void;
};

/** Create or edit a surge rule (admins): tiers, cap, hold, cooldown, incident tier; errors under each input. */
export function SurgeRuleForm({ rule, onSaved, onCancel }: SurgeRuleFormProps) {
  const editing = rule !== undefined;
  const metrics = useMetricChoices();
  const p = useId();
  const [values, setValues] = useState<SurgeFormValues>(() =>
    rule ? surgeValuesOf(rule) : emptySurgeValues,
  );
  const [checked, setChecked] = useState(false);
  const form = useFormSubmit<SurgeFieldKey, SurgeRuleView>({
    editPath: rule && surgeRulePath(rule.id),
    createPath: '/api/v1/surge-rules',
    invalidates: surgeRulesQueryKey,
    fieldOf: (path) => surgeFieldOf(path, values),
    fallback: 'The surge rule could not be saved.',
    onSaved,
  });

  const local = checked ? validateSurgeRule(values) : null;
  const errors: SurgeFieldErrors = { ...form.errors.fields, ...(local && !local.ok ? local.fields : {}) };
  const other = [...form.errors.other, ...(local && !local.ok ? local.other : [])];
  // The props of the input showing `field`'s error.
  const at = (field: SurgeFieldKey) => ({ error: errors[field], errorTestId: `surge-error-${field}` });

  function update<K extends keyof SurgeFormValues>(key: K, value: SurgeFormValues[K]) {
    setValues((old) => ({ ...old, [key]: value }));
    form.setErrors(noFormErrors);
  }
  function updateTier(index: number, key: 'ratio' | 'multiplier', value: string) {
    update(
      'tiers',
      values.tiers.map((t, i) => (i === index ? { ...t, [key]: value } : t)),
    );
  }

  function draft() {
    setChecked(true);
    const result = validateSurgeRule(values);
    return result.ok ? result.input : null;
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.pending) return;
    const input = draft();
    if (input) void form.save(input);
  }

  const tierMultipliers = [
    ...new Set(
      values.tiers.map((t) => t.multiplier.trim()).filter((m) => m !== '' && Number.isFinite(Number(m))),
    ),
  ];
  if (values.incidentMultiplier && !tierMultipliers.includes(values.incidentMultiplier)) {
    tierMultipliers.push(values.incidentMultiplier);
  }

  return (
    <FormPanel title={editing ? `Edit surge rule ${rule.name}` : 'New surge rule'} focusTitle>
      <form className="metric-form" onSubmit={onSubmit} noValidate data-testid="surge-form">
        <div className="form-grid">
          <Field id={`${p}-name`} label="Name" {...at('name')}>
            {(aria) => (
              <input {...aria} value={values.name} onChange={(e) => update('name', e.target.value)} />
            )}
          </Field>
          <Field id={`${p}-demand`} label="Demand metric" {...at('demandMetric')}>
            {(aria) => (
              <MetricSelect
                {...aria}
                metrics={metrics}
                value={values.demandMetric}
                onChange={(name) => update('demandMetric', name)}
              />
            )}
          </Field>
          <Field id={`${p}-supply`} label="Supply metric" {...at('supplyMetric')}>
            {(aria) => (
              <MetricSelect
                {...aria}
                metrics={metrics}
                value={values.supplyMetric}
                onChange={(name) => update('supplyMetric', name)}
              />
            )}
          </Field>
          <GroupByPicker
            id={`${p}-group`}
            label="Group by"
            {...at('groupBy')}
            hint="One multiplier each (a zone); both metrics must have the dimension."
            dimensions={surgeDimensions(metrics, values.demandMetric, values.supplyMetric)}
            value={values.groupBy}
            onChange={(groupBy) => update('groupBy', groupBy)}
          />
          <Field
            id={`${p}-window`}
            label="Window"
            {...at('window')}
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
          <Field id={`${p}-cap`} label="Cap" {...at('cap')} hint="Highest multiplier; empty: the top tier's.">
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
            {...at('holdSeconds')}
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
            {...at('cooldownSeconds')}
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
            {...at('incidentMultiplier')}
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
          <Field id={`${p}-severity`} label="Incident severity" {...at('severity')}>
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
                    {...at(`tiers.${i}.ratio`)}
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
                    {...at(`tiers.${i}.multiplier`)}
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
        <FormAlert messages={other} testId="surge-form-error" />
        <SurgePreview draft={draft} />
        <FormActions
          label={editing ? 'Save surge rule' : 'Create surge rule'}
          pending={form.pending}
          onCancel={onCancel}
        />
      </form>
    </FormPanel>
  );
}
