'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, useSyncExternalStore, type FormEvent } from 'react';
import { sendJson } from '@/components/api/fetch-json';
import { useActor } from '@/components/auth/actor-context';
import { PageHeader } from '@/components/console/page-header';
import { Field } from '@/components/forms/field';
import { FormActions, FormAlert, FormPanel } from '@/components/forms/form-layout';
import { TextField } from '@/components/forms/inputs';
import { DataTable, EmptyRow, ErrorBanner, Notice } from '@/components/lists/list-panel';
import { currentZone } from '@/components/silences/maintenance-window-form';
import { useBrowserTimeZone, useTimeFormat, useTimeZonePreference } from '@/components/time/time-zone';
import { createTokenInputSchema } from '@/core/services/tokens/schemas';
import { changeOwnPasswordInputSchema, updateOwnPreferencesInputSchema } from '@/core/services/users/schemas';
import { adminKeys, useTokens, type TokenView, type UserView } from './admin-api';
import { apiFieldErrors, ConfirmButton, ShownOnce, zodFieldErrors, type FieldErrors } from './form-bits';
import { useRowActions } from '@/components/lists/use-row-actions';

/** Everyone's own account: the time zone times are shown in, the password, personal API tokens. */
export function AccountPage() {
  const actor = useActor();
  return (
    <div className="admin-page">
      <PageHeader
        title="Account"
        subtitle={
          <>
            Signed in as {actor?.email} ({actor?.role}).
          </>
        }
      />
      <div className="admin-columns">
        {/* Two columns as before: the tokens table keeps its width (no scrolling region without focus). */}
        <div className="admin-stack">
          <TimeZonePreference />
          <ChangePassword />
        </div>
        <Tokens />
      </div>
    </div>
  );
}

const noZones: readonly string[] = [];
let knownZones: readonly string[] | null = null;
/** Every IANA zone this browser knows, UTC first; computed once, in the browser only (lists differ by ICU). */
function browserZones(): readonly string[] {
  if (!knownZones) {
    const zones = new Set(Intl.supportedValuesOf('timeZone').map(currentZone));
    zones.delete('UTC');
    knownZones = ['UTC', ...[...zones].sort()];
  }
  return knownZones;
}
const subscribeNever = () => () => {};

/** The zone every time in the console is written in: the browser's (default), UTC, or any IANA zone. */
function TimeZonePreference() {
  const p = useId();
  const queryClient = useQueryClient();
  const { preference, setPreference } = useTimeZonePreference();
  const browser = useBrowserTimeZone();
  const time = useTimeFormat();
  const zones = useSyncExternalStore(subscribeNever, browserZones, () => noZones);
  // '' stands for "follow the browser" (null on the API).
  const [choice, setChoice] = useState(preference ?? '');
  const [search, setSearch] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState('');
  const [pending, setPending] = useState(false);

  const shown = useMemo(() => {
    const words = search.trim().toLowerCase().replace(/\s+/g, '_');
    const matching = words ? zones.filter((z) => z.toLowerCase().includes(words)) : zones;
    // The chosen zone stays listed whatever the search, so the select never shows a value it lacks.
    return choice && !matching.includes(choice) ? [choice, ...matching] : matching;
  }, [zones, search, choice]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setNotice('');
    const input = { timeZone: choice || null };
    const checked = zodFieldErrors(updateOwnPreferencesInputSchema, input);
    setErrors(checked.errors);
    if (!checked.ok) return;
    setPending(true);
    try {
      const saved = await sendJson<UserView>('PATCH', '/api/v1/users/me', input);
      const zone = saved?.timeZone ?? null;
      setPreference(zone);
      if (saved) queryClient.setQueryData(adminKeys.me, saved);
      setNotice(zone ? `Times are now shown in ${zone}.` : `Times now follow your browser (${browser}).`);
    } catch (error) {
      setErrors(apiFieldErrors(error, 'Could not save the time zone.'));
    } finally {
      setPending(false);
    }
  }

  return (
    <FormPanel title="Time zone">
      <form
        className="metric-form"
        noValidate
        onSubmit={(e) => void onSubmit(e)}
        data-testid="time-zone-form"
      >
        <p className="panel-description" data-testid="time-zone-now">
          {time.caption()}.
        </p>
        <TextField
          id={`${p}-search`}
          label="Find a zone"
          hint="Type a city or region, e.g. Berlin or New York."
          type="search"
          value={search}
          onChange={setSearch}
        />
        <Field id={`${p}-zone`} label="Show times in" error={errors.timeZone}>
          {(aria) => (
            <select {...aria} value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">Browser ({browser})</option>
              {shown.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          )}
        </Field>
        <FormAlert messages={errors.form ?? ''} />
        <Notice>{notice}</Notice>
        <FormActions label="Save time zone" pendingLabel="Saving…" pending={pending} />
      </form>
    </FormPanel>
  );
}

function ChangePassword() {
  const p = useId();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState('');
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setNotice('');
    const { confirm, ...input } = values;
    const checked = zodFieldErrors(changeOwnPasswordInputSchema, input);
    if (!checked.ok || confirm !== values.newPassword) {
      setErrors({
        ...checked.errors,
        ...(confirm !== values.newPassword ? { confirm: 'the passwords differ' } : {}),
      });
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const result = await sendJson<{ revokedSessions: number; revokedTokens: number }>(
        'POST',
        '/api/v1/users/me/password',
        input,
      );
      const n = result?.revokedSessions ?? 0;
      const t = result?.revokedTokens ?? 0;
      setValues({ currentPassword: '', newPassword: '', confirm: '' });
      setNotice(
        `Password changed. ${n} other session${n === 1 ? '' : 's'} signed out, ` +
          `${t} personal token${t === 1 ? '' : 's'} revoked.`,
      );
      await queryClient.invalidateQueries({ queryKey: adminKeys.tokens });
    } catch (error) {
      setErrors(apiFieldErrors(error, 'Could not change the password.'));
    } finally {
      setPending(false);
    }
  }

  const set = (k: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [k]: value }));

  return (
    <FormPanel title="Change your password">
      <form className="metric-form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="password-form">
        <TextField
          id={`${p}-current`}
          label="Current password"
          error={errors.currentPassword}
          type="password"
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={set('currentPassword')}
        />
        <TextField
          id={`${p}-new`}
          label="New password"
          error={errors.newPassword}
          hint="At least 12 characters."
          type="password"
          autoComplete="new-password"
          value={values.newPassword}
          onChange={set('newPassword')}
        />
        <TextField
          id={`${p}-confirm`}
          label="Repeat the new password"
          error={errors.confirm}
          type="password"
          autoComplete="new-password"
          value={values.confirm}
          onChange={set('confirm')}
        />
        <FormAlert messages={errors.form ?? ''} />
        <Notice>{notice}</Notice>
        <FormActions label="Change password" pendingLabel="Changing…" pending={pending} />
      </form>
    </FormPanel>
  );
}

const expiryChoices = [
  { label: 'Never', days: 0 },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
];

function Tokens() {
  const p = useId();
  const time = useTimeFormat();
  const tokens = useTokens();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [days, setDays] = useState(90);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const rows = useRowActions(adminKeys.tokens);

  async function onCreate(e: FormEvent) {
    e.preventDefault();
    const input = { name, expiresAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : null };
    const checked = zodFieldErrors(createTokenInputSchema, input);
    setErrors(checked.errors);
    if (!checked.ok) return;
    setCreating(true);
    try {
      const result = await sendJson<{ token: string }>('POST', '/api/v1/tokens', input);
      setCreated(result?.token ?? null);
      setName('');
      await queryClient.invalidateQueries({ queryKey: adminKeys.tokens });
    } catch (err) {
      setErrors(apiFieldErrors(err, 'Could not create the token.'));
    } finally {
      setCreating(false);
    }
  }

  // No notice: the row's status shows the revocation.
  const revoke = (token: TokenView) =>
    rows.act({
      id: token.id,
      run: () => sendJson('DELETE', `/api/v1/tokens/${encodeURIComponent(token.id)}`),
      done: '',
      failed: `Could not revoke ${token.name}.`,
    });

  const list = tokens.data ?? [];
  return (
    <section className="panel" aria-labelledby={`${p}-title`}>
      <header className="panel-header">
        <h2 id={`${p}-title`} className="panel-title">
          Personal API tokens
        </h2>
        <p className="panel-description">
          Scripts send one as <code>Authorization: Bearer …</code> and act with your role.
        </p>
      </header>
      <form
        className="metric-form admin-inline-form"
        noValidate
        onSubmit={(e) => void onCreate(e)}
        data-testid="token-form"
      >
        <TextField
          id={`${p}-name`}
          label="Token name"
          error={errors.name}
          placeholder="deploy script"
          value={name}
          onChange={setName}
        />
        <Field id={`${p}-expiry`} label="Expires after" error={errors.expiresAt}>
          {(aria) => (
            <select {...aria} value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {expiryChoices.map((c) => (
                <option key={c.days} value={c.days}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={creating}>
            Create token
          </button>
        </div>
      </form>
      {errors.form && (
        <div className="form-alert" role="alert">
          {errors.form}
        </div>
      )}
      {created && <ShownOnce label="Your new token" secret={created} onDone={() => setCreated(null)} />}
      {rows.error && <ErrorBanner>{rows.error}</ErrorBanner>}
      <DataTable
        testId="tokens-table"
        busy={tokens.isPending}
        columns={['Name', 'Token', 'Status', 'Last used', 'Expires']}
        actions
      >
        <EmptyRow show={list.length === 0 && !tokens.isPending} colSpan={6} className="muted">
          No tokens yet. Create one above for a script or a CI job.
        </EmptyRow>
        {list.map((t) => (
          <tr key={t.id} data-testid={`token-row-${t.name}`}>
            <th scope="row">{t.name}</th>
            <td>
              <code>{t.masked}</code>
            </td>
            <td>
              <span className="status-pill" data-status={t.status}>
                {t.status}
              </span>
            </td>
            <td>{time.dateTime(t.lastUsedAt, { seconds: false })}</td>
            <td>{t.expiresAt ? time.dateTime(t.expiresAt, { seconds: false }) : 'never'}</td>
            <td>
              {t.status === 'active' && (
                <ConfirmButton
                  label="Revoke"
                  confirmLabel={`Revoke ${t.name}`}
                  danger
                  busy={rows.busy === t.id}
                  onConfirm={() => void revoke(t)}
                />
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
