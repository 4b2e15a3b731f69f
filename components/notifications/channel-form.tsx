'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import {
  channelBody,
  channelFieldOf,
  channelTypeInfo,
  channelValuesOf,
  type ChannelFormValues,
} from './channel-types';
import { FormField } from './form-field';
import {
  channelPath,
  channelsQueryKey,
  channelTypes,
  type ChannelType,
  type ChannelView,
  type CreatedChannel,
} from './notification-api';

export type ChannelFormProps = {
  channel?: ChannelView;
  onSaved: (channel: CreatedChannel, how: 'created' | 'updated') => void;
  onCancel: () => void;
};

/**
 * Create or edit a channel (admins). The inputs follow the type; secrets are never shown again after
 * saving: while editing they stay empty and an empty secret keeps the stored one.
 */
export function ChannelForm({ channel, onSaved, onCancel }: ChannelFormProps) {
  const editing = channel !== undefined;
  const queryClient = useQueryClient();
  const p = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [values, setValues] = useState<ChannelFormValues>(() => channelValuesOf(channel));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState('');
  const [pending, setPending] = useState(false);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  function update(patch: Partial<ChannelFormValues>) {
    setValues((old) => ({ ...old, ...patch }));
    setErrors({});
    setOther('');
  }

  function updateConfig(key: string, value: string) {
    setValues((old) => ({ ...old, config: { ...old.config, [key]: value } }));
    setErrors((old) => {
      const { [key]: _gone, ...rest } = old;
      return rest;
    });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const built = channelBody(values, editing);
    if (!built.ok) {
      setErrors(built.fields);
      return;
    }
    setPending(true);
    try {
      const saved = editing
        ? await sendJson<CreatedChannel>('PATCH', channelPath(channel.id), built.body)
        : await sendJson<CreatedChannel>('POST', '/api/v1/channels', built.body);
      await queryClient.invalidateQueries({ queryKey: channelsQueryKey });
      if (saved) onSaved(saved, editing ? 'updated' : 'created');
    } catch (error) {
      const message = error instanceof Error ? error.message : 'The channel could not be saved.';
      const field = error instanceof ApiError ? channelFieldOf(error.field, values.type) : null;
      if (field) setErrors({ [field]: message });
      else setOther(message);
    } finally {
      setPending(false);
    }
  }

  const info = channelTypeInfo[values.type];
  const maskedOf = (key: string): string => {
    const stored = channel?.config[key];
    return typeof stored === 'string' ? stored : '';
  };

  return (
    <section className="panel form-panel" aria-labelledby={`${p}-title`}>
      <h2 id={`${p}-title`} className="panel-title form-title" tabIndex={-1} ref={headingRef}>
        {editing ? `Edit channel ${channel.name}` : 'New channel'}
      </h2>
      <form className="metric-form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="channel-form">
        <div className="form-grid">
          <FormField id={`${p}-name`} label="Name" error={errors.name} errorTestId="channel-error-name">
            {(aria) => (
              <input {...aria} value={values.name} onChange={(e) => update({ name: e.target.value })} />
            )}
          </FormField>
          <FormField
            id={`${p}-type`}
            label="Type"
            error={errors.type}
            errorTestId="channel-error-type"
            hint={editing ? 'The type of a saved channel does not change.' : undefined}
          >
            {(aria) => (
              <select
                {...aria}
                value={values.type}
                disabled={editing}
                onChange={(e) => update({ type: e.target.value as ChannelType, config: {} })}
              >
                {channelTypes.map((t) => (
                  <option key={t} value={t}>
                    {channelTypeInfo[t].label}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          {info.fields.map((field) => {
            const masked = field.secret ? maskedOf(field.key) : '';
            const hint =
              editing && field.secret
                ? `Stored${masked ? ` (${masked})` : ''}; leave empty to keep it.`
                : field.hint;
            return (
              <FormField
                key={`${values.type}-${field.key}`}
                id={`${p}-${field.key}`}
                label={field.required ? field.label : `${field.label} (optional)`}
                error={errors[field.key]}
                errorTestId={`channel-error-${field.key}`}
                hint={hint}
                wide={field.kind === 'url' || field.kind === 'list'}
              >
                {(aria) => (
                  <input
                    {...aria}
                    type={
                      field.kind === 'url'
                        ? 'url'
                        : field.kind === 'email'
                          ? 'email'
                          : field.secret
                            ? 'password'
                            : 'text'
                    }
                    autoComplete="off"
                    spellCheck={false}
                    placeholder={editing && field.secret ? '••••••••' : field.placeholder}
                    value={values.config[field.key] ?? ''}
                    onChange={(e) => updateConfig(field.key, e.target.value)}
                  />
                )}
              </FormField>
            );
          })}
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
        </div>
        {other && (
          <div className="form-alert" role="alert" data-testid="channel-form-error">
            {other}
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Saving…' : editing ? 'Save channel' : 'Create channel'}
          </button>
          <button type="button" className="button button-ghost" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
