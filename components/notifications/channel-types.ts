import type { ChannelType, ChannelView } from './notification-api';

/** One input of a channel type's config. */
export type ChannelField = {
  key: string;
  label: string;
  /** Stored encrypted and answered masked: left empty while editing, it keeps the stored value. */
  secret: boolean;
  required: boolean;
  /** `list`: comma-separated, sent as an array. */
  kind: 'url' | 'text' | 'email' | 'list';
  placeholder?: string;
  hint?: string;
};

export type ChannelTypeInfo = {
  label: string;
  /** A short mark for the type, shown in a coloured square (no icon font). */
  mark: string;
  /** The config key that names where messages go (shown masked in the list). */
  target: string;
  fields: ChannelField[];
};

export const channelTypeInfo: Record<ChannelType, ChannelTypeInfo> = {
  slack: {
    label: 'Slack',
    mark: 'S',
    target: 'webhookUrl',
    fields: [
      {
        key: 'webhookUrl',
        label: 'Webhook URL',
        secret: true,
        required: true,
        kind: 'url',
        placeholder: 'https://hooks.slack.com/services/…',
        hint: 'A Slack incoming webhook.',
      },
    ],
  },
  pagerduty: {
    label: 'PagerDuty',
    mark: 'PD',
    target: 'routingKey',
    fields: [
      {
        key: 'routingKey',
        label: 'Routing key',
        secret: true,
        required: true,
        kind: 'text',
        hint: 'The integration key of an Events API v2 service.',
      },
      {
        key: 'webhookSecret',
        label: 'Webhook signing secret',
        secret: true,
        required: false,
        kind: 'text',
        hint: 'Optional: lets PagerDuty acknowledge and resolve incidents here (V3 webhook).',
      },
    ],
  },
  webhook: {
    label: 'Webhook',
    mark: '{}',
    target: 'url',
    fields: [
      {
        key: 'url',
        label: 'URL',
        secret: true,
        required: true,
        kind: 'url',
        placeholder: 'https://example.com/hooks/pulseboard',
      },
      {
        key: 'signingSecret',
        label: 'Signing secret',
        secret: true,
        required: false,
        kind: 'text',
        hint: 'Empty: Pulseboard generates one and shows it once.',
      },
    ],
  },
  email: {
    label: 'E-mail',
    mark: '@',
    target: 'to',
    fields: [
      {
        key: 'smtpUrl',
        label: 'SMTP URL',
        secret: true,
        required: true,
        kind: 'url',
        placeholder: 'smtp://user:password@smtp.example.com:587',
        hint: 'smtp:// upgrades with STARTTLS; add ?tls=off for a local relay without TLS; smtps:// for TLS from the start.',
      },
      { key: 'from', label: 'From', secret: false, required: true, kind: 'email' },
      {
        key: 'to',
        label: 'To',
        secret: false,
        required: true,
        kind: 'list',
        hint: 'Addresses, comma-separated.',
      },
    ],
  },
  teams: {
    label: 'Microsoft Teams',
    mark: 'T',
    target: 'webhookUrl',
    fields: [
      {
        key: 'webhookUrl',
        label: 'Webhook URL',
        secret: true,
        required: true,
        kind: 'url',
        placeholder: 'https://….webhook.office.com/…',
      },
    ],
  },
};

/** Where a channel sends, as the API shows it (masked). */
export function channelTarget(channel: Pick<ChannelView, 'type' | 'config'>): string {
  const value = channel.config[channelTypeInfo[channel.type].target];
  if (Array.isArray(value)) return value.map(String).join(', ');
  return typeof value === 'string' ? value : '—';
}

/**
 * The input that shows an API error's field: `config.webhookUrl`, `webhookUrl` and `config.to.1` name
 * inputs of the type; `name` and `type` name their own.
 */
export function channelFieldOf(path: string | null, type: ChannelType): string | null {
  if (!path) return null;
  const parts = path.split('.');
  const head = parts[0] === 'config' ? parts[1] : parts[0];
  if (head === 'name' || head === 'type' || head === 'enabled') return head;
  if (parts[0] === 'config' && head === undefined) return channelTypeInfo[type].fields[0]?.key ?? null;
  return channelTypeInfo[type].fields.some((f) => f.key === head) ? (head ?? null) : null;
}

export type ChannelFormValues = {
  name: string;
  type: ChannelType;
  enabled: boolean;
  config: Record<string, string>;
};

/**
 * The request body of a create (every field) or an edit (secrets left empty are left out, so the
 * stored value stays). Required fields are checked here too, to answer before a round trip.
 */
export function channelBody(
  values: ChannelFormValues,
  editing: boolean,
): { ok: true; body: Record<string, unknown> } | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  if (values.name.trim() === '') fields.name = 'a channel needs a name';
  const config: Record<string, unknown> = {};
  for (const field of channelTypeInfo[values.type].fields) {
    const raw = (values.config[field.key] ?? '').trim();
    if (raw === '') {
      if (field.required && !(editing && field.secret)) fields[field.key] = `${field.label} is required`;
      continue;
    }
    config[field.key] =
      field.kind === 'list'
        ? raw
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '')
        : raw;
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  const body: Record<string, unknown> = { name: values.name.trim(), enabled: values.enabled, config };
  if (!editing) body.type = values.type;
  return { ok: true, body };
}

/** The form's starting values: for an edit, plain fields as stored and secrets empty. */
export function channelValuesOf(channel: ChannelView | undefined): ChannelFormValues {
  if (!channel) return { name: '', type: 'slack', enabled: true, config: {} };
  const config: Record<string, string> = {};
  for (const field of channelTypeInfo[channel.type].fields) {
    if (field.secret) continue;
    const value = channel.config[field.key];
    config[field.key] = Array.isArray(value)
      ? value.map(String).join(', ')
      : typeof value === 'string'
        ? value
        : '';
  }
  return { name: channel.name, type: channel.type, enabled: channel.enabled, config };
}
