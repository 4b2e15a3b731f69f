'use client';

import { useId } from 'react';
import { Field } from '@/components/forms/field';
import { EditorForm } from '@/components/forms/form-layout';
import { EvaluationFailureNote } from '@/components/rules/evaluation-failure-note';
import { CheckboxField, SelectField, TextField } from '@/components/forms/inputs';
import { useDraftForm } from '@/components/forms/use-draft-form';
import { dimensionsOf, GroupByPicker } from '@/components/metrics/group-by-picker';
import type { MetricSummary } from '@/components/metrics/catalogue-api';
import { MetricField, useMetricChoices } from '@/components/metrics/metric-select';
import { surgeRulePath, surgeRulesQueryKey, type SurgeRuleView } from './surge-api';
import { SurgePreview } from './surge-preview';
import {
  emptySurgeValues,
  severities,
  surgeFieldOf,
  surgeValuesOf,
  surgeWindows,
  validateSurgeRule,
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
  const form = useDraftForm({
    initial: () => (rule ? surgeValuesOf(rule) : emptySurgeValues),
    check: validateSurgeRule,
    editPath: rule && surgeRulePath(rule.id),
    createPath: '/api/v1/surge-rules',
    invalidates: surgeRulesQueryKey,
    fieldOf: (path, values: SurgeFormValues) => surgeFieldOf(path, values),
    fallback: 'The surge rule could not be saved.',
    onSaved,
    errorTestIdPrefix: 'surge-error-',
  });
  const { values, update, errors, at, bind } = form;

  function updateTier(index: number, key: 'ratio' | 'multiplier', value: string) {
    update({ tiers: values.tiers.map((t, i) => (i === index ? { ...t, [key]: value } : t)) });
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
    <EditorForm
      title={editing ? `Edit surge rule ${rule.name}` : 'New surge rule'}
      testId="surge-form"
      onSubmit={form.onSubmit}
      messages={form.other}
      messagesTestId="surge-form-error"
      footer={<SurgePreview draft={form.draft} />}
      label={editing ? 'Save surge rule' : 'Create surge rule'}
      pending={form.pending}
      onCancel={onCancel}
    >
      {rule?.enabled && rule.evaluationFailure && (
        <div className="form-failure" data-testid="surge-form-failure">
          <EvaluationFailureNote failure={rule.evaluationFailure} />
          <span className="cell-note">Save a change that fixes it: the next evaluation clears this.</span>
        </div>
      )}
      <div className="form-grid">
        <TextField id={`${p}-name`} label="Name" {...bind('name')} />
        <MetricField id={`${p}-demand`} label="Demand metric" metrics={metrics} {...bind('demandMetric')} />
        <MetricField id={`${p}-supply`} label="Supply metric" metrics={metrics} {...bind('supplyMetric')} />
        <GroupByPicker
          id={`${p}-group`}
          label="Group by"
          {...bind('groupBy')}
          hint="One multiplier each (a zone); both metrics must have the dimension."
          dimensions={surgeDimensions(metrics, values.demandMetric, values.supplyMetric)}
        />
        <SelectField
          id={`${p}-window`}
          label="Window"
          {...bind('window')}
          hint="Demand and supply are counted over it."
          options={surgeWindows}
        />
        <TextField
          id={`${p}-cap`}
          label="Cap"
          {...bind('cap')}
          hint="Highest multiplier; empty: the top tier's."
          inputMode="decimal"
        />
        <TextField
          id={`${p}-hold`}
          label="Hold seconds"
          {...bind('holdSeconds')}
          hint="Time at a multiplier before it may step down."
          inputMode="numeric"
        />
        <TextField
          id={`${p}-cooldown`}
          label="Cooldown seconds"
          {...bind('cooldownSeconds')}
          hint="Least time between two changes of a group."
          inputMode="numeric"
        />
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
              onChange={(e) => update({ incidentMultiplier: e.target.value })}
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
        <SelectField
          id={`${p}-severity`}
          label="Incident severity"
          {...bind('severity')}
          options={severities}
        />
        <fieldset
          className="surge-tiers field-wide"
          aria-describedby={errors.tiers ? `${p}-tiers-error` : undefined}
        >
          <legend>Tiers: demand ÷ supply at least → multiplier</legend>
          <ol className="surge-tier-list">
            {values.tiers.map((tier, i) => (
              <li key={i} className="surge-tier" data-testid={`surge-tier-${i}`}>
                <TextField
                  id={`${p}-tier-${i}-ratio`}
                  label={`Tier ${i + 1} ratio`}
                  {...at(`tiers.${i}.ratio`)}
                  inputMode="decimal"
                  value={tier.ratio}
                  onChange={(ratio) => updateTier(i, 'ratio', ratio)}
                />
                <TextField
                  id={`${p}-tier-${i}-multiplier`}
                  label={`Tier ${i + 1} multiplier`}
                  {...at(`tiers.${i}.multiplier`)}
                  inputMode="decimal"
                  value={tier.multiplier}
                  onChange={(multiplier) => updateTier(i, 'multiplier', multiplier)}
                />
                <button
                  type="button"
                  className="button button-small button-danger-quiet"
                  aria-label={`Remove tier ${i + 1}`}
                  disabled={values.tiers.length <= 1}
                  onClick={() => update({ tiers: values.tiers.filter((_, j) => j !== i) })}
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
            onClick={() => update({ tiers: [...values.tiers, { ratio: '', multiplier: '' }] })}
          >
            Add tier
          </button>
        </fieldset>
        <CheckboxField checked={values.enabled} onChange={(enabled) => update({ enabled })}>
          Enabled
        </CheckboxField>
      </div>
    </EditorForm>
  );
}
