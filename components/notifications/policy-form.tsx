'use client';

import { useId, useState, type FormEvent } from 'react';
import { Field } from '@/components/forms/field';
import { noFormErrors } from '@/components/forms/form-errors';
import { FormActions, FormAlert, FormPanel } from '@/components/forms/form-layout';
import { labelsText, parseLabelsText } from '@/components/forms/labels-text';
import { useFormSubmit } from '@/components/forms/use-form-submit';
import { severities, type Severity } from '@/lib/alerting/types';
import { policiesQueryKey, policyPath, useChannelList, type PolicyView } from './notification-api';

type StepValues = { afterMinutes: string; channelIds: string[] };
type PolicyValues = {
  name: string;
  enabled: boolean;
  severities: Severity[];
  labels: string;
  steps: StepValues[];
  repeatMinutes: string;
};

function valuesOf(policy: PolicyView | undefined): PolicyValues {
  if (!policy) {
    return {
      name: '',
      enabled: true,
      severities: [],
      labels: '',
      steps: [{ afterMinutes: '0', channelIds: [] }],
      repeatMinutes: '',
    };
  }
  return {
    name: policy.name,
    enabled: policy.enabled,
    severities: policy.match.severities ?? [],
    labels: labelsText(policy.match.labels ?? {}),
    steps: policy.steps.map((s) => ({ afterMinutes: String(s.afterMinutes), channelIds: s.channelIds })),
    repeatMinutes: policy.repeatMinutes === null ? '' : String(policy.repeatMinutes),
  };
}

type Built = { ok: true; body: Record<string, unknown> } | { ok: false; fields: Record<string, string> };

/** The request body; number and presence checks here, the limits are the server's to judge. */
function buildPolicy(values: PolicyValues): Built {
  const fields: Record<string, string> = {};
  if (values.name.trim() === '') fields.name = 'a policy needs a name';
  const { labels, error: labelsError } = parseLabelsText(values.labels);
  if (labelsError) fields.labels = labelsError;
  const steps = values.steps.map((step, i) => {
    const minutes = Number(step.afterMinutes.trim());
    if (step.afterMinutes.trim() === '' || !Number.isFinite(minutes) || minutes < 0) {
      fields[`steps.${i}.afterMinutes`] = 'minutes: a number, 0 or more';
    }
    if (step.channelIds.length === 0)
      fields[`steps.${i}.channelIds`] =
        values.steps.length > 1
          ? 'choose at least one channel, or remove the step'
          : 'choose at least one channel';
    return { afterMinutes: minutes, channelIds: step.channelIds };
  });
  if (steps.length === 0) fields.steps = 'a policy needs at least one step';
  let repeatMinutes: number | null = null;
  if (values.repeatMinutes.trim() !== '') {
    repeatMinutes = Number(values.repeatMinutes.trim());
    if (!Number.isFinite(repeatMinutes) || repeatMinutes <= 0) {
      fields.repeatMinutes = 'repeat: a number of minutes, or empty for never';
    }
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    body: {
      name: values.name.trim(),
      enabled: values.enabled,
      match: {
        ...(values.severities.length > 0 ? { severities: values.severities } : {}),
        ...(Object.keys(labels).length > 0 ? { labels } : {}),
      },
      steps,
      repeatMinutes,
    },
  };
}

/** Maps an API error path (`match.labels.team`, `steps.1.channelIds.0`) to the input that shows it. */
function policyFieldOf(path: string | null): string | null {
  if (!path) return null;
  const parts = path.split('.');
  if (parts[0] === 'match') return parts[1] === 'severities' ? 'severities' : 'labels';
  if (parts[0] === 'steps' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    return `steps.${parts[1]}.${parts[2] === 'afterMinutes' ? 'afterMinutes' : 'channelIds'}`;
  }
  return ['name', 'steps', 'repeatMinutes', 'enabled'].includes(parts[0] ?? '') ? (parts[0] ?? null) : null;
}

export type PolicyFormProps = {
  policy?: PolicyView;
  onSaved: (policy: PolicyView, how: 'created' | 'updated') => void;
  onCancel: () => void;
};

/** Create or edit a notification policy: what it matches, its escalation steps and repeat interval. */
export function PolicyForm({ policy, onSaved, onCancel }: PolicyFormProps) {
  const editing = policy !== undefined;
  const channels = useChannelList();
  const p = useId();
  const [values, setValues] = useState<PolicyValues>(() => valuesOf(policy));
  // Checked on submit only: the errors stay until the next edit.
  const form = useFormSubmit<string, PolicyView>({
    editPath: policy && policyPath(policy.id),
    createPath: '/api/v1/notification-policies',
    invalidates: policiesQueryKey,
    fieldOf: policyFieldOf,
    fallback: 'The policy could not be saved.',
    onSaved,
  });
  const errors = form.errors.fields;

  function update(patch: Partial<PolicyValues>) {
    setValues((old) => ({ ...old, ...patch }));
    form.setErrors(noFormErrors);
  }

  function updateStep(index: number, patch: Partial<StepValues>) {
    update({ steps: values.steps.map((s, i) => (i === index ? { ...s, ...patch } : s)) });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.pending) return;
    const built = buildPolicy(values);
    if (!built.ok) {
      form.setErrors((old) => ({ ...old, fields: built.fields }));
      return;
    }
    void form.save(built.body);
  }

  const channelList = channels.data ?? [];

  return (
    <FormPanel
      title={editing ? `Edit policy ${policy.name}` : 'New policy'}
      titleClassName="panel-title form-title"
      focusTitle
    >
      <form className="metric-form" onSubmit={onSubmit} noValidate data-testid="policy-form">
        <div className="form-grid">
          <Field id={`${p}-name`} label="Name" error={errors.name} errorTestId="policy-error-name">
            {(aria) => (
              <input {...aria} value={values.name} onChange={(e) => update({ name: e.target.value })} />
            )}
          </Field>
          <Field
            id={`${p}-repeat`}
            label="Repeat every (minutes)"
            error={errors.repeatMinutes}
            errorTestId="policy-error-repeatMinutes"
            hint="While firing and unacknowledged; empty: never."
          >
            {(aria) => (
              <input
                {...aria}
                inputMode="numeric"
                value={values.repeatMinutes}
                onChange={(e) => update({ repeatMinutes: e.target.value })}
              />
            )}
          </Field>
          <fieldset className="field check-group" aria-describedby={`${p}-sev-hint`}>
            <legend>Severities</legend>
            <div className="check-row">
              {severities.map((s) => (
                <label key={s}>
                  <input
                    type="checkbox"
                    checked={values.severities.includes(s)}
                    onChange={(e) =>
                      update({
                        severities: e.target.checked
                          ? [...values.severities, s]
                          : values.severities.filter((x) => x !== s),
                      })
                    }
                  />{' '}
                  {s}
                </label>
              ))}
            </div>
            <p id={`${p}-sev-hint`} className="field-hint">
              None checked: every severity.
            </p>
            {errors.severities && <p className="field-error">{errors.severities}</p>}
          </fieldset>
          <Field
            id={`${p}-labels`}
            label="Labels"
            error={errors.labels}
            errorTestId="policy-error-labels"
            hint="The rule's labels must include these name=value pairs (comma-separated); empty: any."
          >
            {(aria) => (
              <input {...aria} value={values.labels} onChange={(e) => update({ labels: e.target.value })} />
            )}
          </Field>
        </div>

        <fieldset className="steps" data-testid="policy-steps">
          <legend>Escalation steps</legend>
          <p className="field-hint">
            Step 1 goes out when the incident opens (usually after 0 minutes); each later step only if nobody
            has acknowledged by then.
          </p>
          {errors.steps && <p className="field-error">{errors.steps}</p>}
          <ol className="step-list">
            {values.steps.map((step, i) => (
              <li key={i} className="step" data-testid={`policy-step-${i + 1}`}>
                <Field
                  id={`${p}-step-${i}-after`}
                  label={`Step ${i + 1}: after (minutes)`}
                  error={errors[`steps.${i}.afterMinutes`]}
                >
                  {(aria) => (
                    <input
                      {...aria}
                      inputMode="numeric"
                      value={step.afterMinutes}
                      onChange={(e) => updateStep(i, { afterMinutes: e.target.value })}
                    />
                  )}
                </Field>
                <fieldset className="field check-group">
                  <legend>Step {i + 1}: channels</legend>
                  <div className="check-row">
                    {channelList.map((c) => (
                      <label key={c.id}>
                        <input
                          type="checkbox"
                          checked={step.channelIds.includes(c.id)}
                          onChange={(e) =>
                            updateStep(i, {
                              channelIds: e.target.checked
                                ? [...step.channelIds, c.id]
                                : step.channelIds.filter((x) => x !== c.id),
                            })
                          }
                        />{' '}
                        {c.name}
                      </label>
                    ))}
                    {channels.data && channelList.length === 0 && (
                      <span className="muted">No channels yet: add one under Channels.</span>
                    )}
                  </div>
                  {errors[`steps.${i}.channelIds`] && (
                    <p className="field-error">{errors[`steps.${i}.channelIds`]}</p>
                  )}
                </fieldset>
                {values.steps.length > 1 && (
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    onClick={() => update({ steps: values.steps.filter((_, j) => j !== i) })}
                  >
                    Remove step {i + 1}
                  </button>
                )}
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              const last = values.steps.at(-1);
              const next = last ? Number(last.afterMinutes) + 15 : 0;
              update({
                steps: [
                  ...values.steps,
                  { afterMinutes: String(Number.isFinite(next) ? next : 15), channelIds: [] },
                ],
              });
            }}
          >
            Add escalation step
          </button>
        </fieldset>

        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={values.enabled}
              onChange={(e) => update({ enabled: e.target.checked })}
            />{' '}
            Enabled
          </label>
        </div>
        <FormAlert messages={form.errors.other} testId="policy-form-error" />
        <FormActions
          label={editing ? 'Save policy' : 'Create policy'}
          pending={form.pending}
          onCancel={onCancel}
        />
      </form>
    </FormPanel>
  );
}
