'use client';

import { useState, type FormEvent } from 'react';
import { useActor } from '@/components/auth/actor-context';
import { issueErrors } from '@/components/forms/form-errors';
import { Field } from '@/components/forms/field';
import { FormActions, FormAlert, FormPanel } from '@/components/forms/form-layout';
import { labelsText, parseLabelsText } from '@/components/forms/labels-text';
import { useFormSubmit } from '@/components/forms/use-form-submit';
import { useRuleList } from '@/components/rules/rule-api';
import { createSilenceInputSchema } from '@/core/services/silences/schemas';
import { silencesQueryKey, type SilenceView } from './silence-api';
import { useTimeZone } from '@/components/time/time-zone';
import { parseWallClockInput } from '@/lib/time/format';

/** What a link can fill in (the incident's "Silence…" passes its rule and series). */
export type SilencePrefill = {
  ruleId?: string;
  labels?: Record<string, string>;
  series?: Record<string, string>;
  comment?: string;
};

const hour = 3_600_000;
const durations = [
  { id: '1h', label: '1 hour', ms: hour },
  { id: '4h', label: '4 hours', ms: 4 * hour },
  { id: '24h', label: '24 hours', ms: 24 * hour },
  { id: 'until', label: 'Until a time…', ms: 0 },
] as const;
type DurationId = (typeof durations)[number]['id'];

type Key = 'matchers' | 'labels' | 'series' | 'startsAt' | 'endsAt' | 'comment';

const fieldOf = (path: string | null): Key | null => {
  if (!path) return null;
  if (path.startsWith('matchers.labels')) return 'labels';
  if (path.startsWith('matchers.series')) return 'series';
  if (path.startsWith('matchers')) return 'matchers';
  if (path === 'startsAt' || path === 'endsAt' || path === 'comment') return path;
  return null;
};

/** An instant typed in a datetime-local input, read on the clock of the reader's zone. */
const localInstant = (value: string, zone: string) => {
  const ms = value ? parseWallClockInput(value, zone) : Number.NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};

/**
 * A new silence, as Alertmanager asks for one: what it matches (a rule, rule labels, series labels,
 * any combination), when it ends (a preset duration or a time), who and why (the comment is required).
 */
export function SilenceForm({
  prefill,
  onCancel,
  onSaved,
}: {
  prefill: SilencePrefill;
  onCancel: () => void;
  onSaved: (silence: SilenceView) => void;
}) {
  const actor = useActor();
  const rules = useRuleList();
  const zone = useTimeZone();
  const [ruleId, setRuleId] = useState(prefill.ruleId ?? '');
  const [labels, setLabels] = useState(labelsText(prefill.labels ?? {}));
  const [series, setSeries] = useState(labelsText(prefill.series ?? {}));
  const [duration, setDuration] = useState<DurationId>('1h');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [comment, setComment] = useState(prefill.comment ?? '');
  const form = useFormSubmit<Key, SilenceView>({
    createPath: '/api/v1/silences',
    invalidates: silencesQueryKey,
    fieldOf,
    fallback: 'Could not create the silence.',
    onSaved: (saved) => onSaved(saved),
  });
  const errors = form.errors.fields;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.pending) return;
    const parsedLabels = parseLabelsText(labels);
    const parsedSeries = parseLabelsText(series);
    const start = localInstant(startsAt, zone);
    const from = start ? Date.parse(start) : Date.now();
    const chosen = durations.find((d) => d.id === duration);
    const end =
      duration === 'until' ? localInstant(endsAt, zone) : new Date(from + (chosen?.ms ?? hour)).toISOString();
    const fields: Partial<Record<Key, string>> = {};
    if (parsedLabels.error) fields.labels = parsedLabels.error;
    if (parsedSeries.error) fields.series = parsedSeries.error;
    if (!end) fields.endsAt = 'choose when the silence ends';
    // Alertmanager requires a comment: the next person on call needs to know why it is quiet.
    if (comment.trim() === '') fields.comment = 'say why: the comment is required';
    const parsed = createSilenceInputSchema.safeParse({
      matchers: {
        ...(ruleId ? { ruleId } : {}),
        ...(Object.keys(parsedLabels.labels).length > 0 ? { labels: parsedLabels.labels } : {}),
        ...(Object.keys(parsedSeries.labels).length > 0 ? { series: parsedSeries.labels } : {}),
      },
      ...(start ? { startsAt: start } : {}),
      endsAt: end ?? new Date().toISOString(),
      comment,
    });
    const checked = parsed.success ? { fields: {}, other: [] } : issueErrors(parsed.error.issues, fieldOf);
    if (end && Date.parse(end) <= from) fields.endsAt ??= 'the end must be after the start';
    const all = { ...checked.fields, ...fields };
    if (!parsed.success || Object.keys(all).length > 0) {
      form.setErrors({ fields: all, other: checked.other });
      return;
    }
    void form.save(parsed.data);
  }

  return (
    <FormPanel title="New silence" titleClassName="panel-title form-title" focusTitle>
      <form className="metric-form" onSubmit={onSubmit} noValidate data-testid="silence-form">
        <p className="field-hint">
          Every matcher given must hold. Matching firings open no incident until the silence ends.
        </p>
        <div className="form-grid">
          <Field
            id="silence-rule"
            label="Rule"
            error={errors.matchers}
            errorTestId="silence-error-matchers"
            hint="Any rule, or only this one."
          >
            {(aria) => (
              <select {...aria} value={ruleId} onChange={(e) => setRuleId(e.target.value)}>
                <option value="">Any rule</option>
                {(rules.data ?? []).map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
                {ruleId && rules.data && !rules.data.some((r) => r.id === ruleId) && (
                  <option value={ruleId}>rule {ruleId}</option>
                )}
              </select>
            )}
          </Field>
          <Field
            id="silence-labels"
            label="Rule labels"
            error={errors.labels}
            errorTestId="silence-error-labels"
            hint="name=value pairs, comma-separated: team=payments, env=prod"
          >
            {(aria) => <input {...aria} value={labels} onChange={(e) => setLabels(e.target.value)} />}
          </Field>
          <Field
            id="silence-series"
            label="Series labels"
            error={errors.series}
            errorTestId="silence-error-series"
            hint="The group-by values of one series: zone=north"
          >
            {(aria) => <input {...aria} value={series} onChange={(e) => setSeries(e.target.value)} />}
          </Field>
          <Field
            id="silence-starts"
            label="Starts (optional)"
            error={errors.startsAt}
            hint={`Empty: now. On the clock of ${zone}.`}
          >
            {(aria) => (
              <input
                {...aria}
                type="datetime-local"
                value={startsAt}
                onChange={(e) => setStartsAt(e.target.value)}
              />
            )}
          </Field>
          <Field id="silence-duration" label="Duration">
            {(aria) => (
              <select {...aria} value={duration} onChange={(e) => setDuration(e.target.value as DurationId)}>
                {durations.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {duration === 'until' ? (
            <Field
              id="silence-ends"
              label="Ends"
              error={errors.endsAt}
              errorTestId="silence-error-endsAt"
              hint={`On the clock of ${zone}.`}
            >
              {(aria) => (
                <input
                  {...aria}
                  type="datetime-local"
                  value={endsAt}
                  onChange={(e) => setEndsAt(e.target.value)}
                />
              )}
            </Field>
          ) : (
            errors.endsAt && (
              <p className="field-error" data-testid="silence-error-endsAt">
                {errors.endsAt}
              </p>
            )
          )}
          <Field
            id="silence-comment"
            label="Comment"
            error={errors.comment}
            errorTestId="silence-error-comment"
            hint={`Why it is quiet. Created by ${actor?.email ?? 'you'}.`}
            wide
          >
            {(aria) => (
              <textarea
                {...aria}
                required
                rows={2}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            )}
          </Field>
        </div>
        <FormAlert messages={form.errors.other} testId="silence-form-alert" />
        <FormActions
          label="Create silence"
          pending={form.pending}
          pendingLabel="Creating…"
          onCancel={onCancel}
        />
      </form>
    </FormPanel>
  );
}
