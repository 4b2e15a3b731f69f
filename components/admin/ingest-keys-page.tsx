'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { sendJson } from '@/components/api/fetch-json';
import { Field } from '@/components/forms/field';
import { FormActions, FormAlert, FormPanel } from '@/components/forms/form-layout';
import { createIngestKeyInputSchema, createSourceInputSchema } from '@/core/services/ingest-keys/schemas';
import { adminKeys, useIngestKeys, useSources, type IngestKeyView } from './admin-api';
import { apiFieldErrors, ConfirmButton, ShownOnce, zodFieldErrors, type FieldErrors } from './form-bits';
import { useRowActions } from '@/components/lists/use-row-actions';
import { useTimeFormat } from '@/components/time/time-zone';

/** Admins: ingest keys per source (created and shown once, revoked, rate-limited) and the sources. */
export function IngestKeysPage() {
  const keys = useIngestKeys();
  const time = useTimeFormat();
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const { busy, notice, error, act: actOnRow } = useRowActions(adminKeys.ingestKeys);
  const act = (key: IngestKeyView, done: string, run: () => Promise<unknown>) =>
    actOnRow({ id: key.id, run, done, failed: `Could not change ${key.name}.` });

  const list = keys.data ?? [];
  return (
    <div className="admin-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Ingest keys</h1>
          <p className="page-subtitle">
            Producers send events with <code>Authorization: Bearer &lt;key&gt;</code>. Changes and revocations
            apply within 5 seconds.
          </p>
          <p className="notice" role="status" data-testid="keys-notice">
            {notice}
          </p>
        </div>
      </header>
      <div className="admin-columns">
        <CreateKeyForm onCreated={(name, key) => setCreated({ name, key })} />
        <CreateSourceForm />
      </div>
      {created && (
        <ShownOnce
          label={`Ingest key ${created.name}`}
          secret={created.key}
          onDone={() => setCreated(null)}
        />
      )}
      {(keys.isError || error) && (
        <div className="banner banner-error" role="alert">
          {error || 'Could not load ingest keys.'}
        </div>
      )}
      <section className="panel table-panel" aria-label="Ingest keys">
        <div className="table-scroll">
          <table className="data-table" data-testid="keys-table" aria-busy={keys.isPending}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Source</th>
                <th scope="col">Key</th>
                <th scope="col">Rate limit (events/s)</th>
                <th scope="col">Backfill</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((k) => (
                <tr key={k.id} data-testid={`key-row-${k.name}`} data-revoked={k.revoked}>
                  <th scope="row">{k.name}</th>
                  <td>{k.source}</td>
                  <td>
                    <code>{k.masked}</code>
                  </td>
                  <td>
                    {k.revoked ? (
                      (k.rateLimit ?? 'default')
                    ) : (
                      <RateLimitEditor
                        keyView={k}
                        busy={busy === k.id}
                        onSave={(rateLimit) =>
                          void act(k, `Rate limit of ${k.name} set to ${rateLimit ?? 'the default'}.`, () =>
                            sendJson('PATCH', `/api/v1/ingest-keys/${encodeURIComponent(k.id)}`, {
                              rateLimit,
                            }),
                          )
                        }
                      />
                    )}
                  </td>
                  <td>{k.canBackfill ? 'yes' : 'no'}</td>
                  <td>{time.dateTime(k.createdAt, { seconds: false })}</td>
                  <td>
                    <span className="status-pill" data-status={k.revoked ? 'revoked' : 'active'}>
                      {k.revoked ? 'revoked' : 'active'}
                    </span>
                  </td>
                  <td>
                    {!k.revoked && (
                      <ConfirmButton
                        label="Revoke"
                        confirmLabel={`Revoke ${k.name}`}
                        danger
                        busy={busy === k.id}
                        onConfirm={() =>
                          void act(k, `${k.name} revoked.`, () =>
                            sendJson('DELETE', `/api/v1/ingest-keys/${encodeURIComponent(k.id)}`),
                          )
                        }
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

function RateLimitEditor({
  keyView,
  busy,
  onSave,
}: {
  keyView: IngestKeyView;
  busy: boolean;
  onSave: (rateLimit: number | null) => void;
}) {
  const [value, setValue] = useState(keyView.rateLimit === null ? '' : String(keyView.rateLimit));
  const parsed = value.trim() === '' ? null : Number(value);
  const valid = parsed === null || (Number.isInteger(parsed) && parsed >= 1);
  const changed = parsed !== keyView.rateLimit;
  return (
    <span className="rate-limit-editor">
      <input
        type="number"
        min={1}
        inputMode="numeric"
        placeholder="default"
        aria-label={`Rate limit of ${keyView.name}`}
        aria-invalid={valid ? undefined : true}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      {changed && (
        <button
          type="button"
          className="button button-small"
          disabled={busy || !valid}
          onClick={() => onSave(parsed)}
        >
          Save
        </button>
      )}
    </span>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (name: string, key: string) => void }) {
  const p = useId();
  const sources = useSources();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ name: '', source: 'default', rateLimit: '', canBackfill: false });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const input = {
      name: values.name,
      source: values.source,
      rateLimit: values.rateLimit.trim() === '' ? null : Number(values.rateLimit),
      canBackfill: values.canBackfill,
    };
    const checked = zodFieldErrors(createIngestKeyInputSchema, input);
    setErrors(checked.errors);
    if (!checked.ok) return;
    setPending(true);
    try {
      const result = await sendJson<{ key: string; name: string }>('POST', '/api/v1/ingest-keys', input);
      await queryClient.invalidateQueries({ queryKey: adminKeys.ingestKeys });
      if (result) onCreated(result.name, result.key);
      setValues((v) => ({ ...v, name: '' }));
    } catch (error) {
      setErrors(apiFieldErrors(error, 'Could not create the key.'));
    } finally {
      setPending(false);
    }
  }

  return (
    <FormPanel title="New ingest key">
      <form className="metric-form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="key-form">
        <div className="form-grid">
          <Field id={`${p}-name`} label="Key name" error={errors.name}>
            {(aria) => (
              <input
                {...aria}
                value={values.name}
                onChange={(e) => setValues({ ...values, name: e.target.value })}
              />
            )}
          </Field>
          <Field id={`${p}-source`} label="Source" error={errors.source}>
            {(aria) => (
              <select
                {...aria}
                value={values.source}
                onChange={(e) => setValues({ ...values, source: e.target.value })}
              >
                {(sources.data ?? [{ name: 'default' }]).map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id={`${p}-rate`}
            label="Rate limit (events/s)"
            error={errors.rateLimit}
            hint="Empty: the server default."
          >
            {(aria) => (
              <input
                {...aria}
                type="number"
                min={1}
                value={values.rateLimit}
                onChange={(e) => setValues({ ...values, rateLimit: e.target.value })}
              />
            )}
          </Field>
          <div className="field">
            <label>
              <input
                type="checkbox"
                checked={values.canBackfill}
                onChange={(e) => setValues({ ...values, canBackfill: e.target.checked })}
              />{' '}
              May backfill old events
            </label>
          </div>
        </div>
        <FormAlert messages={errors.form ?? ''} />
        <FormActions label="Create key" pendingLabel="Creating…" pending={pending} />
      </form>
    </FormPanel>
  );
}

function CreateSourceForm() {
  const p = useId();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ name: '', description: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState('');

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setNotice('');
    const checked = zodFieldErrors(createSourceInputSchema, values);
    setErrors(checked.errors);
    if (!checked.ok) return;
    try {
      await sendJson('POST', '/api/v1/sources', values);
      await queryClient.invalidateQueries({ queryKey: adminKeys.sources });
      setNotice(`Source ${values.name} added.`);
      setValues({ name: '', description: '' });
    } catch (error) {
      setErrors(apiFieldErrors(error, 'Could not add the source.'));
    }
  }

  return (
    <FormPanel title="New source">
      <form className="metric-form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="source-form">
        <Field id={`${p}-name`} label="Source name" error={errors.name} hint="Lower case: a-z, 0-9, _ . -">
          {(aria) => (
            <input
              {...aria}
              value={values.name}
              onChange={(e) => setValues({ ...values, name: e.target.value })}
            />
          )}
        </Field>
        <Field id={`${p}-description`} label="Description" error={errors.description}>
          {(aria) => (
            <input
              {...aria}
              value={values.description}
              onChange={(e) => setValues({ ...values, description: e.target.value })}
            />
          )}
        </Field>
        <FormAlert messages={errors.form ?? ''} />
        <p className="notice" role="status">
          {notice}
        </p>
        <div className="form-actions">
          <button type="submit" className="button">
            Add source
          </button>
        </div>
      </form>
    </FormPanel>
  );
}
