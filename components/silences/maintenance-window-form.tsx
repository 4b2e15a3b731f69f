'use client';

import { useMemo, useState, type FormEvent } from 'react';
import { issueErrors } from '@/components/forms/form-errors';
import { Field } from '@/components/forms/field';
import { FormActions, FormAlert, FormPanel } from '@/components/forms/form-layout';
import { labelsText, parseLabelsText } from '@/components/forms/labels-text';
import { useFormSubmit } from '@/components/forms/use-form-submit';
import { useRuleList } from '@/components/rules/rule-api';
import { useTimeZone } from '@/components/time/time-zone';
import { createMaintenanceWindowInputSchema } from '@/core/services/maintenance-windows/schemas';
import { localTime, zonedTimeToUtc } from '@/lib/alerting/time-zone';
import { browserTimeZone } from '@/lib/time/format';
import { weekDays, type WeekDay } from '@/lib/alerting/types';
import { maintenanceWindowPath, maintenanceWindowsQueryKey, type MaintenanceWindowView } from './silence-api';

export const dayNames: Record<WeekDay, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

type Key = 'name' | 'timeZone' | 'days' | 'start' | 'duration' | 'startsAt' | 'endsAt' | 'labels' | 'series';

const fieldOf = (path: string | null): Key | null => {
  if (!path) return null;
  if (path === 'name' || path === 'timeZone' || path === 'startsAt' || path === 'endsAt') return path;
  if (path === 'recurrence.days') return 'days';
  if (path === 'recurrence.start') return 'start';
  if (path === 'recurrence.durationMinutes') return 'duration';
  if (path.startsWith('matchers.labels')) return 'labels';
  if (path.startsWith('matchers.series')) return 'series';
  return null;
};

// ICU (Chromium, Node) still lists some zones under names IANA has since replaced: offer the current name.
const renamedZones: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
};
/** A zone under its current IANA name (`Asia/Calcutta` → `Asia/Kolkata`). */
export const currentZone = (zone: string) => renamedZones[zone] ?? zone;

/** The browser's zone, and every IANA zone it knows (UTC included, which some engines leave out). */
export function useTimeZones(): { zones: string[]; browserZone: string } {
  return useMemo(() => {
    const browserZone = currentZone(browserTimeZone());
    const zones = new Set(Intl.supportedValuesOf('timeZone').map(currentZone));
    zones.add('UTC');
    zones.add(browserZone);
    return { zones: [...zones].sort(), browserZone };
  }, []);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a datetime-local value on the wall clock of `zone`. */
function wallClock(iso: string | null, zone: string): string {
  if (!iso) return '';
  const t = localTime(Date.parse(iso), zone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
}

/** A datetime-local value read on the wall clock of `zone` (not the browser's). */
function fromWallClock(value: string, zone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const [, year, month, day, hour, minute] = m.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(zonedTimeToUtc({ year, month, day, hour, minute }, zone)).toISOString();
}

/**
 * A maintenance window, as PagerDuty plans them: weekly on chosen days from a local start time for a
 * duration, or one period, both on the wall clock of an IANA zone; optionally only some rules.
 */
export function MaintenanceWindowForm({
  window,
  onCancel,
  onSaved,
}: {
  window?: MaintenanceWindowView;
  onCancel: () => void;
  onSaved: (saved: MaintenanceWindowView, how: 'created' | 'updated') => void;
}) {
  const known = useTimeZones().zones;
  // A new window is planned on the reader's clock: their chosen zone, else their browser's.
  const browserZone = currentZone(useTimeZone());
  const zones = known.includes(browserZone) ? known : [browserZone, ...known];
  const rules = useRuleList();
  const [name, setName] = useState(window?.name ?? '');
  const [timeZone, setTimeZone] = useState(window?.timeZone ?? browserZone);
  const [weekly, setWeekly] = useState(window ? window.recurrence !== null : true);
  const [days, setDays] = useState<WeekDay[]>(window?.recurrence?.days ?? []);
  const [start, setStart] = useState(window?.recurrence?.start ?? '02:00');
  const [duration, setDuration] = useState(String(window?.recurrence?.durationMinutes ?? 120));
  const [startsAt, setStartsAt] = useState(
    wallClock(window?.startsAt ?? null, window?.timeZone ?? browserZone),
  );
  const [endsAt, setEndsAt] = useState(wallClock(window?.endsAt ?? null, window?.timeZone ?? browserZone));
  const [ruleId, setRuleId] = useState(window?.matchers.ruleId ?? '');
  const [labels, setLabels] = useState(labelsText(window?.matchers.labels ?? {}));
  const [series, setSeries] = useState(labelsText(window?.matchers.series ?? {}));
  const [enabled, setEnabled] = useState(window?.enabled ?? true);
  const form = useFormSubmit<Key, MaintenanceWindowView>({
    createPath: '/api/v1/maintenance-windows',
    editPath: window ? maintenanceWindowPath(window.id) : undefined,
    invalidates: maintenanceWindowsQueryKey,
    fieldOf,
    fallback: 'Could not save the maintenance window.',
    onSaved,
  });
  const errors = form.errors.fields;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.pending) return;
    const parsedLabels = parseLabelsText(labels);
    const parsedSeries = parseLabelsText(series);
    const fields: Partial<Record<Key, string>> = {};
    if (parsedLabels.error) fields.labels = parsedLabels.error;
    if (parsedSeries.error) fields.series = parsedSeries.error;
    const from = weekly ? null : fromWallClock(startsAt, timeZone);
    const to = weekly ? null : fromWallClock(endsAt, timeZone);
    if (!weekly && !from) fields.startsAt = 'choose when the window starts';
    if (!weekly && !to) fields.endsAt = 'choose when the window ends';
    const body = {
      name,
      timeZone,
      recurrence: weekly
        ? { days: weekDays.filter((d) => days.includes(d)), start, durationMinutes: Number(duration) }
        : null,
      startsAt: weekly ? null : (from ?? new Date().toISOString()),
      endsAt: weekly ? null : (to ?? new Date().toISOString()),
      matchers: {
        ...(ruleId ? { ruleId } : {}),
        ...(Object.keys(parsedLabels.labels).length > 0 ? { labels: parsedLabels.labels } : {}),
        ...(Object.keys(parsedSeries.labels).length > 0 ? { series: parsedSeries.labels } : {}),
      },
      enabled,
    };
    const parsed = createMaintenanceWindowInputSchema.safeParse(body);
    const checked = parsed.success ? { fields: {}, other: [] } : issueErrors(parsed.error.issues, fieldOf);
    const all = { ...checked.fields, ...fields };
    if (!parsed.success || Object.keys(all).length > 0) {
      form.setErrors({ fields: all, other: checked.other });
      return;
    }
    void form.save(parsed.data);
  }

  return (
    <FormPanel
      title={window ? `Edit maintenance window ${window.name}` : 'New maintenance window'}
      titleClassName="panel-title form-title"
      focusTitle
    >
      <form className="metric-form" onSubmit={onSubmit} noValidate data-testid="maintenance-window-form">
        <div className="form-grid">
          <Field
            id="mw-name"
            label="Name"
            error={errors.name}
            errorTestId="mw-error-name"
            hint="What is maintained and why; shown on the badge."
          >
            {(aria) => <input {...aria} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field
            id="mw-zone"
            label="Time zone"
            error={errors.timeZone}
            hint={`Times below are on this zone's clock. Yours: ${browserZone}.`}
          >
            {(aria) => (
              <select {...aria} value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
                {(zones.includes(timeZone) ? zones : [timeZone, ...zones]).map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="kind-choice field-wide">
            <legend>Schedule</legend>
            <label>
              <input type="radio" name="mw-schedule" checked={weekly} onChange={() => setWeekly(true)} />{' '}
              Weekly
            </label>
            <label>
              <input type="radio" name="mw-schedule" checked={!weekly} onChange={() => setWeekly(false)} />{' '}
              One-off
            </label>
          </fieldset>
          {weekly ? (
            <>
              <fieldset
                className="kind-choice field-wide"
                aria-describedby={errors.days ? 'mw-days-error' : undefined}
              >
                <legend>Days</legend>
                {weekDays.map((d) => (
                  <label key={d}>
                    <input
                      type="checkbox"
                      checked={days.includes(d)}
                      onChange={(e) =>
                        setDays((old) => (e.target.checked ? [...old, d] : old.filter((x) => x !== d)))
                      }
                    />{' '}
                    {dayNames[d]}
                  </label>
                ))}
                {errors.days && (
                  <p id="mw-days-error" className="field-error" data-testid="mw-error-days">
                    {errors.days}
                  </p>
                )}
              </fieldset>
              <Field id="mw-start" label="Start time" error={errors.start}>
                {(aria) => (
                  <input {...aria} type="time" value={start} onChange={(e) => setStart(e.target.value)} />
                )}
              </Field>
              <Field id="mw-duration" label="Duration (minutes)" error={errors.duration}>
                {(aria) => (
                  <input
                    {...aria}
                    type="number"
                    min={1}
                    max={7 * 1440}
                    value={duration}
                    onChange={(e) => setDuration(e.target.value)}
                  />
                )}
              </Field>
            </>
          ) : (
            <>
              <Field id="mw-starts" label="Starts" error={errors.startsAt}>
                {(aria) => (
                  <input
                    {...aria}
                    type="datetime-local"
                    value={startsAt}
                    onChange={(e) => setStartsAt(e.target.value)}
                  />
                )}
              </Field>
              <Field id="mw-ends" label="Ends" error={errors.endsAt}>
                {(aria) => (
                  <input
                    {...aria}
                    type="datetime-local"
                    value={endsAt}
                    onChange={(e) => setEndsAt(e.target.value)}
                  />
                )}
              </Field>
            </>
          )}
          <Field id="mw-rule" label="Rule" hint="Nothing chosen below: every rule.">
            {(aria) => (
              <select {...aria} value={ruleId} onChange={(e) => setRuleId(e.target.value)}>
                <option value="">Any rule</option>
                {(rules.data ?? []).map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="mw-labels" label="Rule labels" error={errors.labels} hint="team=payments, env=prod">
            {(aria) => <input {...aria} value={labels} onChange={(e) => setLabels(e.target.value)} />}
          </Field>
          <Field id="mw-series" label="Series labels" error={errors.series} hint="zone=north">
            {(aria) => <input {...aria} value={series} onChange={(e) => setSeries(e.target.value)} />}
          </Field>
          <div className="field">
            <label>
              <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />{' '}
              Enabled
            </label>
          </div>
        </div>
        <FormAlert messages={form.errors.other} testId="mw-form-alert" />
        <FormActions
          label={window ? 'Save window' : 'Create window'}
          pending={form.pending}
          onCancel={onCancel}
        />
      </form>
    </FormPanel>
  );
}
