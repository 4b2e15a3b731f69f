'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { sendJson } from '@/components/api/fetch-json';
import { PageHeader } from '@/components/console/page-header';
import { FormActions, FormAlert, FormPanel } from '@/components/forms/form-layout';
import { CheckboxField, SelectField, TextField } from '@/components/forms/inputs';
import { DataTable, ErrorBanner, Notice } from '@/components/lists/list-panel';
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
      <PageHeader
        title="Ingest keys"
        subtitle={
          <>
            Producers send events with <code>Authorization: Bearer &lt;key&gt;</code>. Changes and revocations
            apply within 5 seconds.
          </>
        }
        notice={<Notice testId="keys-notice">{notice}</Notice>}
      />
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
      {(keys.isError || error) && <ErrorBanner>{error || 'Could not load ingest keys.'}</ErrorBanner>}
      <section className="panel table-panel" aria-label="Ingest keys">
        <DataTable
          testId="keys-table"
          busy={keys.isPending}
          columns={['Name', 'Source', 'Key', 'Rate limit (events/s)', 'Backfill', 'Created', 'Status']}
          actions
        >
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
        </DataTable>
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
          <TextField
            id={`${p}-name`}
            label="Key name"
            error={errors.name}
            value={values.name}
            onChange={(name) => setValues({ ...values, name })}
          />
          <SelectField
            id={`${p}-source`}
            label="Source"
            error={errors.source}
            value={values.source}
            options={(sources.data ?? [{ name: 'default' }]).map((s) => s.name)}
            onChange={(source) => setValues({ ...values, source })}
          />
          <TextField
            id={`${p}-rate`}
            label="Rate limit (events/s)"
            error={errors.rateLimit}
            hint="Empty: the server default."
            type="number"
            min={1}
            value={values.rateLimit}
            onChange={(rateLimit) => setValues({ ...values, rateLimit })}
          />
          <CheckboxField
            checked={values.canBackfill}
            onChange={(canBackfill) => setValues({ ...values, canBackfill })}
          >
            May backfill old events
          </CheckboxField>
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
        <TextField
          id={`${p}-name`}
          label="Source name"
          error={errors.name}
          hint="Lower case: a-z, 0-9, _ . -"
          value={values.name}
          onChange={(name) => setValues({ ...values, name })}
        />
        <TextField
          id={`${p}-description`}
          label="Description"
          error={errors.description}
          value={values.description}
          onChange={(description) => setValues({ ...values, description })}
        />
        <FormAlert messages={errors.form ?? ''} />
        <Notice>{notice}</Notice>
        <div className="form-actions">
          <button type="submit" className="button">
            Add source
          </button>
        </div>
      </form>
    </FormPanel>
  );
}
