'use client';

import { useId } from 'react';
import { Field } from '@/components/forms/field';
import { EditorForm } from '@/components/forms/form-layout';
import { CheckboxField, SelectField, TextField } from '@/components/forms/inputs';
import { useDraftForm } from '@/components/forms/use-draft-form';
import { dimensionsOf, GroupByPicker } from '@/components/metrics/group-by-picker';
import { MetricField, useMetricChoices } from '@/components/metrics/metric-select';
import { BacktestPreview } from './backtest-preview';
import { defaultParamsJson, hasKindFields, KindFields } from './kind-fields';
import { EvaluationFailureNote } from './evaluation-failure-note';
import { NotifyFields } from './notify-fields';
import { rulePath, rulesQueryKey, useRule, type RuleView } from './rule-api';
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
  const form = useDraftForm({
    initial: () => (rule ? ruleValuesOf(rule) : emptyRuleValues),
    check: validateRule,
    editPath: rule && rulePath(rule.id),
    createPath: '/api/v1/rules',
    invalidates: rulesQueryKey,
    fieldOf: (path, values: RuleFormValues) => ruleFieldOf(path, values.kind),
    fallback: 'The rule could not be saved.',
    onSaved,
    errorTestIdPrefix: 'rule-error-',
  });
  const { values, update, errors, at, bind } = form;
  // The rule's own read (shared with the list's State cell), fresher than the list it was opened from.
  const detail = useRule(rule?.id ?? null);
  const failure = detail.data ? detail.data.evaluationFailure : rule?.evaluationFailure;
  // Params errors of a kind whose inputs do not show them one by one.
  const paramErrors = Object.entries(errors).flatMap(([key, message]) =>
    key === 'params' || key.startsWith('params.')
      ? [`${key.replace(/^params\.?/, '') || 'params'}: ${message}`]
      : [],
  );

  return (
    <EditorForm
      title={editing ? `Edit rule ${rule.name}` : 'New rule'}
      testId="rule-form"
      onSubmit={form.onSubmit}
      messages={form.other}
      messagesTestId="rule-form-error"
      footer={<BacktestPreview draft={form.draft} />}
      label={editing ? 'Save rule' : 'Create rule'}
      pending={form.pending}
      onCancel={onCancel}
    >
      {failure && rule?.enabled && (
        <div className="form-failure" data-testid="rule-form-failure">
          <EvaluationFailureNote failure={failure} />
          <span className="cell-note">Save a change that fixes it: the next evaluation clears this.</span>
        </div>
      )}
      <div className="form-grid">
        <TextField id={`${p}-name`} label="Name" {...bind('name')} />
        <SelectField
          id={`${p}-kind`}
          label="Kind"
          {...at('kind')}
          value={values.kind}
          options={ruleKindNames}
          optionLabel={(k) => k.replaceAll('_', ' ')}
          // Each kind starts from params its own schema takes.
          onChange={(kind) => update({ kind, paramsJson: defaultParamsJson(kind) })}
        />
        <MetricField id={`${p}-metric`} label="Metric" metrics={metrics} {...bind('metric')} />
        <GroupByPicker
          id={`${p}-group`}
          label="Group by"
          {...bind('groupBy')}
          hint="One series each."
          dimensions={dimensionsOf(metrics, values.metric)}
        />
        <SelectField id={`${p}-window`} label="Window" {...bind('window')} options={ruleWindows} />
        {values.kind === 'sentiment' && (
          <SentimentFields
            idPrefix={p}
            paramsJson={values.paramsJson}
            onParamsJson={(paramsJson) => update({ paramsJson })}
            metric={values.metric}
            onMetric={(metric) => update({ metric })}
          />
        )}
        {values.kind === 'threshold' ? (
          <>
            <SelectField id={`${p}-op`} label="Operator" {...bind('op')} options={comparisonOps} />
            <TextField id={`${p}-value`} label="Threshold" {...bind('value')} inputMode="decimal" />
            <TextField
              id={`${p}-clear`}
              label="Clear value"
              {...bind('clearValue')}
              hint="Where a firing series clears (hysteresis); empty: the threshold."
              inputMode="decimal"
            />
            <TextField
              id={`${p}-min-count`}
              label="Minimum events"
              {...bind('minCount')}
              hint="Judge a window only with at least this many events (of a ratio's denominator); empty: always."
              inputMode="numeric"
            />
          </>
        ) : hasKindFields(values.kind) ? (
          <KindFields
            kind={values.kind}
            idPrefix={p}
            paramsJson={values.paramsJson}
            onParamsJson={(paramsJson) => update({ paramsJson })}
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
                onChange={(e) => update({ paramsJson: e.target.value })}
              />
            )}
          </Field>
        )}
        <TextField
          id={`${p}-pending`}
          label="Pending seconds"
          {...bind('pendingSeconds')}
          inputMode="numeric"
        />
        <SelectField id={`${p}-severity`} label="Severity" {...bind('severity')} options={severities} />
        <TextField
          id={`${p}-labels`}
          label="Labels"
          {...bind('labels')}
          hint="name=value, comma-separated."
        />
        <TextField id={`${p}-runbook`} label="Runbook URL" {...bind('runbookUrl')} type="url" />
        <CheckboxField checked={values.autoResolve} onChange={(autoResolve) => update({ autoResolve })}>
          Auto-resolve when the rule clears
        </CheckboxField>
        <CheckboxField checked={values.enabled} onChange={(enabled) => update({ enabled })}>
          Enabled
        </CheckboxField>
      </div>
      <NotifyFields
        values={values}
        errors={{ notifyBudgetPerHour: errors.notifyBudgetPerHour }}
        onChange={(patch) => {
          if (patch.channelIds) update({ channelIds: patch.channelIds });
          if (patch.policyId !== undefined) update({ policyId: patch.policyId });
          if (patch.notifyBudgetPerHour !== undefined)
            update({ notifyBudgetPerHour: patch.notifyBudgetPerHour });
        }}
      />
    </EditorForm>
  );
}
