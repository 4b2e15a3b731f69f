'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { metricsQueryKey, useMetricCatalogue } from '@/components/metrics/catalogue-api';
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

type FieldProps = {
  id: string;
  label: string;
  field: RuleFieldKey;
  errors: RuleFieldErrors;
  hint?: string;
  wide?: boolean;
  children: (aria: {
    id: string;
    'aria-invalid': true | undefined;
    'aria-describedby': string | undefined;
  }) => ReactNode;
};

function Field({ id, label, field, errors, hint, wide, children }: FieldProps) {
  const error = errors[field];
  const errorId = error ? `${id}-error` : null;
  const hintId = hint ? `${id}-hint` : null;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {error && (
        <p id={errorId ?? undefined} className="field-error" data-testid={`rule-error-${field}`}>
          {error}
        </p>
      )}
      {hint && (
        <p id={hintId ?? undefined} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

export type RuleFormProps = {
  rule?: RuleView;
  onSaved: (rule: RuleView, how: 'created' | 'updated') => void;
  onCancel: () => void;
};

/** Create or edit a rule (admins); checked with the server's zod schema, errors under each input. */
export function RuleForm({ rule, onSaved, onCancel }: RuleFormProps) {
  const editing = rule !== undefined;
  const queryClient = useQueryClient();
  const catalogue = useMetricCatalogue();
  const p = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [values, setValues] = useState<RuleFormValues>(() => (rule ? ruleValuesOf(rule) : emptyRuleValues));
  const [checked, setChecked] = useState(false);
  const [serverErrors, setServerErrors] = useState<{ fields: RuleFieldErrors; other: string[] }>({
    fields: {},
    other: [],
  });
  const [pending, setPending] = useState(false);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  // The metric choices must include one created a moment ago (the catalogue is cached for 30 s).
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: metricsQueryKey });
  }, [queryClient]);

  const local = checked ? validateRule(values) : null;
  const errors: RuleFieldErrors = { ...serverErrors.fields, ...(local && !local.ok ? local.fields : {}) };
  const other = [...serverErrors.other, ...(local && !local.ok ? local.other : [])];
  // Params errors of a kind whose inputs do not show them one by one.
  const paramErrors = Object.entries(errors).flatMap(([key, message]) =>
    key === 'params' || key.startsWith('params.')
      ? [`${key.replace(/^params\.?/, '') || 'params'}: ${message}`]
      : [],
  );

  function update<K extends keyof RuleFormValues>(key: K, value: RuleFormValues[K]) {
    setValues((old) => ({ ...old, [key]: value }));
    setServerErrors({ fields: {}, other: [] });
  }

  function draft() {
    setChecked(true);
    const result = validateRule(values);
    return result.ok ? result.input : null;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const input = draft();
    if (!input) return;
    setPending(true);
    try {
      const saved = editing
        ? await sendJson<RuleView>('PATCH', rulePath(rule.id), input)
        : await sendJson<RuleView>('POST', '/api/v1/rules', input);
      await queryClient.invalidateQueries({ queryKey: rulesQueryKey });
      if (saved) onSaved(saved, editing ? 'updated' : 'created');
    } catch (error) {
      const message = error instanceof Error ? error.message : 'The rule could not be saved.';
      const field = error instanceof ApiError ? ruleFieldOf(error.field, values.kind) : null;
      setServerErrors(field ? { fields: { [field]: message }, other: [] } : { fields: {}, other: [message] });
    } finally {
      setPending(false);
    }
  }

  const metrics = catalogue.data ?? [];
  const metricKnown = metrics.some((m) => m.name === values.metric);

  return (
    <section className="panel form-panel" aria-labelledby={`${p}-title`}>
      <h2 id={`${p}-title`} className="panel-title" tabIndex={-1} ref={headingRef}>
        {editing ? `Edit rule ${rule.name}` : 'New rule'}
      </h2>
      <form className="metric-form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="rule-form">
        <div className="form-grid">
          <Field id={`${p}-name`} label="Name" field="name" errors={errors}>
            {(aria) => (
              <input {...aria} value={values.name} onChange={(e) => update('name', e.target.value)} />
            )}
          </Field>
          <Field id={`${p}-kind`} label="Kind" field="kind" errors={errors}>
            {(aria) => (
              <select
                {...aria}
                value={values.kind}
                onChange={(e) => {
                  // Each kind starts from params its own schema takes.
                  const kind = e.target.value as RuleFormValues['kind'];
                  setValues((old) => ({ ...old, kind, paramsJson: defaultParamsJson(kind) }));
                  setServerErrors({ fields: {}, other: [] });
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
          <Field id={`${p}-metric`} label="Metric" field="metric" errors={errors}>
            {(aria) => (
              <select {...aria} value={values.metric} onChange={(e) => update('metric', e.target.value)}>
                <option value="">Choose a metric…</option>
                {!metricKnown && values.metric && <option value={values.metric}>{values.metric}</option>}
                {metrics.map((m) => (
                  <option key={m.name} value={m.name}>
                    {m.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id={`${p}-group`}
            label="Group by"
            field="groupBy"
            errors={errors}
            hint="Dimensions, comma-separated: one series each."
          >
            {(aria) => (
              <input {...aria} value={values.groupBy} onChange={(e) => update('groupBy', e.target.value)} />
            )}
          </Field>
          <Field id={`${p}-window`} label="Window" field="window" errors={errors}>
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
              <Field id={`${p}-op`} label="Operator" field="op" errors={errors}>
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
              <Field id={`${p}-value`} label="Threshold" field="value" errors={errors}>
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
                field="clearValue"
                errors={errors}
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
              field="params"
              errors={errors}
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
          <Field id={`${p}-pending`} label="Pending seconds" field="pendingSeconds" errors={errors}>
            {(aria) => (
              <input
                {...aria}
                inputMode="numeric"
                value={values.pendingSeconds}
                onChange={(e) => update('pendingSeconds', e.target.value)}
              />
            )}
          </Field>
          <Field id={`${p}-severity`} label="Severity" field="severity" errors={errors}>
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
          <Field
            id={`${p}-labels`}
            label="Labels"
            field="labels"
            errors={errors}
            hint="name=value, comma-separated."
          >
            {(aria) => (
              <input {...aria} value={values.labels} onChange={(e) => update('labels', e.target.value)} />
            )}
          </Field>
          <Field id={`${p}-runbook`} label="Runbook URL" field="runbookUrl" errors={errors}>
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
        {other.length > 0 && (
          <div className="form-alert" role="alert" data-testid="rule-form-error">
            {other.join(' ')}
          </div>
        )}
        <BacktestPreview draft={draft} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Saving…' : editing ? 'Save rule' : 'Create rule'}
          </button>
          <button type="button" className="button button-ghost" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
