'use client';

import { useId, useState, type FormEvent } from 'react';
import { Field } from '@/components/forms/field';
import { noFormErrors } from '@/components/forms/form-errors';
import { FormActions, FormAlert, FormPanel } from '@/components/forms/form-layout';
import { useFormSubmit } from '@/components/forms/use-form-submit';
import { dimensionsOf, GroupByPicker } from '@/components/metrics/group-by-picker';
import { MetricSelect, useMetricChoices } from '@/components/metrics/metric-select';
import { BacktestPreview } from './backtest-preview';
import { defaultParamsJson, hasKindFields, KindFields } from './kind-fields';
import { NotifyFields } from './notify-fields';
import { rulePath, rulesQueryKey, type RuleView } from './rule-api';
import { SentimentFields } from './sentiment-fields';
import {
  comparisonOps,
  emptyRuleValues,
  ruleFieldOf,
  ruleKindNames,
  ruleValuesOf,
  ruleWindows,
  severities,
  validateRule,
  type RuleFieldErrors,
  type RuleFieldKey,
  type RuleFormValues,
} from './rule-form-values';

export type RuleFormProps = {
  rule?: RuleView;
  onSaved: (rule: RuleView, how: 'created' | 'updated') => void;
  onCancel: () => void;
};

/** Create or edit a rule (admins); checked with the server's zod schema, errors under each input. */
export function RuleForm({ rule, onSaved, onCancel }: RuleFormProps) {
  const editing = rule !== undefined;
  const metrics = useMetricChoices();
  const p = useId();
  const [values, setValues] = useState<RuleFormValues>(() => (rule ? ruleValuesOf(rule) : emptyRuleValues));
  const [checked, setChecked] = useState(false);
  const form = useFormSubmit<RuleFieldKey, RuleView>({
    editPath: rule && rulePath(rule.id),
    createPath: '/api/v1/rules',
    invalidates: rulesQueryKey,
    fieldOf: (path) => ruleFieldOf(path, values.kind),
    fallback: 'The rule could not be saved.',
    onSaved,
  });

  const local = checked ? validateRule(values) : null;
  const errors: RuleFieldErrors = { ...form.errors.fields, ...(local && !local.ok ? local.fields : {}) };
  const other = [...form.errors.other, ...(local && !local.ok ? local.other : [])];
  // The props of the input showing `field`'s error.
  const at = (field: RuleFieldKey) => ({ error: errors[field], errorTestId: `rule-error-${field}` });
  // Params errors of a kind whose inputs do not show them one by one.
  const paramErrors = Object.entries(errors).flatMap(([key, message]) =>
    key === 'params' || key.startsWith('params.')
      ? [`${key.replace(/^params\.?/, '') || 'params'}: ${message}`]
      : [],
  );

  function update<K extends keyof RuleFormValues>(key: K, value: RuleFormValues[K]) {
    setValues((old) => ({ ...old, [key]: value }));
    form.setErrors(noFormErrors);
  }

  function draft() {
    setChecked(true);
    const result = validateRule(values);
    return result.ok ? result.input : null;
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.pending) return;
    const input = draft();
    if (input) void form.save(input);
  }

  return (
    <FormPanel title={editing ? `Edit rule ${rule.name}` : 'New rule'} focusTitle>
      <form className="metric-form" onSubmit={onSubmit} noValidate data-testid="rule-form">
        <div className="form-grid">
          <Field id={`${p}-name`} label="Name" {...at('name')}>
            {(aria) => (
              <input {...aria} value={values.name} onChange={(e) => update('name', e.target.value)} />
            )}
          </Field>
          <Field id={`${p}-kind`} label="Kind" {...at('kind')}>
            {(aria) => (
              <select
                {...aria}
                value={values.kind}
                onChange={(e) => {
                  // Each kind starts from params its own schema takes.
                  const kind = e.target.value as RuleFormValues['kind'];
                  setValues((old) => ({ ...old, kind, paramsJson: defaultParamsJson(kind) }));
                  form.setErrors(noFormErrors);
                }}
              >
                {ruleKindNames.map((k) => (
                  <option key={k} value={k}>
                    {k.replaceAll('_', ' ')}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={`${p}-metric`} label="Metric" {...at('metric')}>
            {(aria) => (
              <MetricSelect
                {...aria}
                metrics={metrics}
                value={values.metric}
                onChange={(name) => update('metric', name)}
              />
            )}
          </Field>
          <GroupByPicker
            id={`${p}-group`}
            label="Group by"
            {...at('groupBy')}
            hint="One series each."
            dimensions={dimensionsOf(metrics, values.metric)}
            value={values.groupBy}
            onChange={(groupBy) => update('groupBy', groupBy)}
          />
          <Field id={`${p}-window`} label="Window" {...at('window')}>
            {(aria) => (
              <select
                {...aria}
                value={values.window}
                onChange={(e) => update('window', e.target.value as RuleFormValues['window'])}
              >
                {ruleWindows.map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {values.kind === 'sentiment' && (
            <SentimentFields
              idPrefix={p}
              paramsJson={values.paramsJson}
              onParamsJson={(json) => update('paramsJson', json)}
              metric={values.metric}
              onMetric={(name) => update('metric', name)}
            />
          )}
          {values.kind === 'threshold' ? (
            <>
              <Field id={`${p}-op`} label="Operator" {...at('op')}>
                {(aria) => (
                  <select
                    {...aria}
                    value={values.op}
                    onChange={(e) => update('op', e.target.value as RuleFormValues['op'])}
                  >
                    {comparisonOps.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field id={`${p}-value`} label="Threshold" {...at('value')}>
                {(aria) => (
                  <input
                    {...aria}
                    inputMode="decimal"
                    value={values.value}
                    onChange={(e) => update('value', e.target.value)}
                  />
                )}
              </Field>
              <Field
                id={`${p}-clear`}
                label="Clear value"
                {...at('clearValue')}
                hint="Where a firing series clears (hysteresis); empty: the threshold."
              >
                {(aria) => (
                  <input
                    {...aria}
                    inputMode="decimal"
                    value={values.clearValue}
                    onChange={(e) => update('clearValue', e.target.value)}
                  />
                )}
              </Field>
            </>
          ) : hasKindFields(values.kind) ? (
            <KindFields
              kind={values.kind}
              idPrefix={p}
              paramsJson={values.paramsJson}
              onParamsJson={(json) => update('paramsJson', json)}
              errors={errors}
            />
          ) : values.kind === 'sentiment' ? (
            paramErrors.length > 0 && (
              <p className="field-error field-wide" data-testid="rule-error-params">
                {paramErrors.join(' ')}
              </p>
            )
          ) : (
            <Field
              id={`${p}-params`}
              label="Parameters (JSON)"
              {...at('params')}
              wide
              hint="The kind's settings, as the API takes them."
            >
              {(aria) => (
                <textarea
                  {...aria}
                  rows={4}
                  value={values.paramsJson}
                  onChange={(e) => update('paramsJson', e.target.value)}
                />
              )}
            </Field>
          )}
          <Field id={`${p}-pending`} label="Pending seconds" {...at('pendingSeconds')}>
            {(aria) => (
              <input
                {...aria}
                inputMode="numeric"
                value={values.pendingSeconds}
                onChange={(e) => update('pendingSeconds', e.target.value)}
              />
            )}
          </Field>
          <Field id={`${p}-severity`} label="Severity" {...at('severity')}>
            {(aria) => (
              <select
                {...aria}
                value={values.severity}
                onChange={(e) => update('severity', e.target.value as RuleFormValues['severity'])}
              >
                {severities.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={`${p}-labels`} label="Labels" {...at('labels')} hint="name=value, comma-separated.">
            {(aria) => (
              <input {...aria} value={values.labels} onChange={(e) => update('labels', e.target.value)} />
            )}
          </Field>
          <Field id={`${p}-runbook`} label="Runbook URL" {...at('runbookUrl')}>
            {(aria) => (
              <input
                {...aria}
                type="url"
                value={values.runbookUrl}
                onChange={(e) => update('runbookUrl', e.target.value)}
              />
            )}
          </Field>
          <div className="field">
            <label>
              <input
                type="checkbox"
                checked={values.autoResolve}
                onChange={(e) => update('autoResolve', e.target.checked)}
              />{' '}
              Auto-resolve when the rule clears
            </label>
          </div>
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
        <NotifyFields
          values={values}
          errors={{ notifyBudgetPerHour: errors.notifyBudgetPerHour }}
          onChange={(patch) => {
            if (patch.channelIds) update('channelIds', patch.channelIds);
            if (patch.policyId !== undefined) update('policyId', patch.policyId);
            if (patch.notifyBudgetPerHour !== undefined)
              update('notifyBudgetPerHour', patch.notifyBudgetPerHour);
          }}
        />
        <FormAlert messages={other} testId="rule-form-error" />
        <BacktestPreview draft={draft} />
        <FormActions
          label={editing ? 'Save rule' : 'Create rule'}
          pending={form.pending}
          onCancel={onCancel}
        />
      </form>
    </FormPanel>
  );
}
