'use client';

import { useId, useState, type FormEvent } from 'react';
import { Field } from '@/components/forms/field';
import { noFormErrors } from '@/components/forms/form-errors';
import { FormActions, FormAlert, FormPanel } from '@/components/forms/form-layout';
import { useFormSubmit } from '@/components/forms/use-form-submit';
import {
  channelBody,
  channelFieldOf,
  channelTypeInfo,
  channelValuesOf,
  type ChannelFormValues,
} from './channel-types';
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
  const p = useId();
  const [values, setValues] = useState<ChannelFormValues>(() => channelValuesOf(channel));
  // Checked on submit only: the errors stay until the next edit.
  const form = useFormSubmit<string, CreatedChannel>({
    editPath: channel && channelPath(channel.id),
    createPath: '/api/v1/channels',
    invalidates: channelsQueryKey,
    fieldOf: (path) => channelFieldOf(path, values.type),
    fallback: 'The channel could not be saved.',
    onSaved,
  });
  const errors = form.errors.fields;

  function update(patch: Partial<ChannelFormValues>) {
    setValues((old) => ({ ...old, ...patch }));
    form.setErrors(noFormErrors);
  }

  function updateConfig(key: string, value: string) {
    setValues((old) => ({ ...old, config: { ...old.config, [key]: value } }));
    form.setErrors((old) => {
      const { [key]: _gone, ...fields } = old.fields;
      return { ...old, fields };
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.pending) return;
    const built = channelBody(values, editing);
    if (!built.ok) {
      form.setErrors((old) => ({ ...old, fields: built.fields }));
      return;
    }
    void form.save(built.body);
  }

  const info = channelTypeInfo[values.type];
  const maskedOf = (key: string): string => {
    const stored = channel?.config[key];
    return typeof stored === 'string' ? stored : '';
  };

  return (
    <FormPanel
      title={editing ? `Edit channel ${channel.name}` : 'New channel'}
      titleClassName="panel-title form-title"
      focusTitle
    >
      <form className="metric-form" onSubmit={onSubmit} noValidate data-testid="channel-form">
        <div className="form-grid">
          <Field id={`${p}-name`} label="Name" error={errors.name} errorTestId="channel-error-name">
            {(aria) => (
              <input {...aria} value={values.name} onChange={(e) => update({ name: e.target.value })} />
            )}
          </Field>
          <Field
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
          </Field>
          {info.fields.map((field) => {
            const masked = field.secret ? maskedOf(field.key) : '';
            const hint =
              editing && field.secret
                ? `Stored${masked ? ` (${masked})` : ''}; leave empty to keep it.`
                : field.hint;
            return (
              <Field
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
              </Field>
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
        <FormAlert messages={form.errors.other} testId="channel-form-error" />
        <FormActions
          label={editing ? 'Save channel' : 'Create channel'}
          pending={form.pending}
          onCancel={onCancel}
        />
      </form>
    </FormPanel>
  );
}
