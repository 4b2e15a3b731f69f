import { createHmac } from 'node:crypto';
import type { ResolvedChannel } from './channel-config';
import type { NotifyMessage } from './message';

/** The generic webhook's JSON body; `version` changes only with an incompatible change. */
export type WebhookBody = {
  version: 1;
  action: NotifyMessage['action'];
  at: string;
  incident: NotifyMessage['incident'];
  actor: string | null;
  note: string | null;
  step: number | null;
  links: NotifyMessage['links'];
};

export function webhookBody(m: NotifyMessage): WebhookBody {
  return {
    version: 1,
    action: m.action,
    at: m.at,
    incident: m.incident,
    actor: m.actor ?? null,
    note: m.note ?? null,
    step: m.step ?? null,
    links: m.links,
  };
}

/**
 * The HMAC key of a signing secret, as Standard Webhooks reads it: `whsec_` + base64 of the key bytes.
 * A secret in another form (set by hand before this format) signs with its UTF-8 bytes, which a
 * Standard Webhooks verifier accepts when given the same bytes.
 */
export function webhookKey(secret: string): Buffer {
  const body = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
  return body.length > 0 && base64.test(body) ? Buffer.from(body, 'base64') : Buffer.from(secret, 'utf8');
}

/**
 * Standard Webhooks headers (standardwebhooks.com): `webhook-id` (the delivery's id, the same on every
 * retry, for the receiver's de-duplication), `webhook-timestamp` (unix seconds) and `webhook-signature`,
 * one `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` per secret, space-separated, so a
 * receiver that still holds the previous secret verifies during a rotation.
 */
export function standardWebhookHeaders(
  secrets: readonly string[],
  id: string,
  unixSeconds: number,
  body: string,
): Record<string, string> {
  const signed = `${id}.${unixSeconds}.${body}`;
  const signatures = secrets.map(
    (secret) => `v1,${createHmac('sha256', webhookKey(secret)).update(signed).digest('base64')}`,
  );
  return {
    'webhook-id': id,
    'webhook-timestamp': String(unixSeconds),
    ...(signatures.length ? { 'webhook-signature': signatures.join(' ') } : {}),
  };
}

const timeOf = (value: unknown): number => (typeof value === 'string' ? Date.parse(value) : Number.NaN);

/** How long deliveries are also signed with the secret a rotation replaced. @defaultValue 24 h */
export const signingSecretOverlapMs = 24 * 60 * 60 * 1000;

/** The secrets a webhook delivery is signed with: the current one, and the previous one until it expires. */
export function signingSecrets(
  channel: Pick<ResolvedChannel, 'config' | 'secrets'>,
  nowSeconds: number,
): string[] {
  const { signingSecret, previousSigningSecret } = channel.secrets;
  const until = timeOf(channel.config.previousSigningSecretUntil);
  const previousValid = previousSigningSecret && until > nowSeconds * 1000;
  return [signingSecret, previousValid ? previousSigningSecret : undefined].filter((s): s is string => !!s);
}

/**
 * What a change of a webhook's signing secret keeps: the replaced secret, valid for
 * {@link signingSecretOverlapMs} so receivers can switch without dropping deliveries; an unchanged
 * secret keeps a rotation still in its overlap.
 */
export function rotateSigningSecret(
  before: { signingSecret?: unknown; previousSigningSecret?: unknown; previousSigningSecretUntil?: unknown },
  after: string | undefined,
  now: Date,
): { previousSigningSecret?: string; previousSigningSecretUntil?: string } {
  const old = typeof before.signingSecret === 'string' ? before.signingSecret : undefined;
  if (old && after && old !== after) {
    return {
      previousSigningSecret: old,
      previousSigningSecretUntil: new Date(now.getTime() + signingSecretOverlapMs).toISOString(),
    };
  }
  const until = timeOf(before.previousSigningSecretUntil);
  if (typeof before.previousSigningSecret === 'string' && until > now.getTime()) {
    return {
      previousSigningSecret: before.previousSigningSecret,
      previousSigningSecretUntil: new Date(until).toISOString(),
    };
  }
  return {};
}
