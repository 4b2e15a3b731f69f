import type { ChannelType } from './kinds';

/** Which config fields of each channel type are secrets (encrypted at rest, masked in every response). */
export const secretFields: Record<ChannelType, readonly string[]> = {
  slack: ['webhookUrl'],
  teams: ['webhookUrl'],
  pagerduty: ['routingKey', 'webhookSecret'],
  webhook: ['url', 'signingSecret', 'previousSigningSecret'],
  email: ['smtpUrl'],
};

/** Secret fields that hold URLs: masked to scheme and host, and checked against private addresses. */
export const urlSecretFields = new Set(['webhookUrl', 'url', 'smtpUrl']);

/** A channel with its secrets decrypted, as the senders need it. */
export type ResolvedChannel = {
  id: string;
  name: string;
  type: ChannelType;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
};

/** The host a channel sends to, or null when it sends to the configured PagerDuty endpoint. */
export function channelTargetUrl(type: ChannelType, secrets: Record<string, string>): string | null {
  switch (type) {
    case 'slack':
    case 'teams':
      return secrets.webhookUrl ?? null;
    case 'webhook':
      return secrets.url ?? null;
    case 'email':
      return secrets.smtpUrl ?? null;
    case 'pagerduty':
      return null;
  }
}

/**
 * False when a URL's user or password has malformed percent-encoding (`%zz`), which the transports
 * cannot decode into credentials; true otherwise, unparseable URLs included (other checks refuse those).
 */
export function hasDecodableCredentials(target: string): boolean {
  try {
    const { username, password } = new URL(target);
    decodeURIComponent(username);
    decodeURIComponent(password);
    return true;
  } catch (error) {
    return !(error instanceof URIError);
  }
}
