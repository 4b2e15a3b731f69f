import { randomBytes } from 'node:crypto';
import type { ChannelType } from '@/db/schema';
import { secretFields, urlSecretFields } from '@/lib/notifications/channel-config';
import { assertSavableTarget, PrivateTargetError } from '@/lib/notifications/ssrf';
import { ValidationError } from '@/core/errors';

/** Splits entered settings into plain config and the secret fields to encrypt. */
export function splitConfig(type: ChannelType, config: Record<string, unknown>) {
  const secrets: Record<string, string> = {};
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (secretFields[type].includes(k)) {
      if (typeof v === 'string') secrets[k] = v;
    } else plain[k] = v;
  }
  return { plain, secrets };
}

/** A generated webhook signing secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * Refuses URL secrets whose host is a private IP literal in any spelling (unless allowed); 400 names the
 * field. Names are not resolved here: the server may reach them only through a proxy, and their addresses
 * can change, so the transports check the address they dial when sending.
 */
export function checkTargets(secrets: Record<string, string>, allowPrivate: boolean): void {
  for (const [field, value] of Object.entries(secrets)) {
    if (!urlSecretFields.has(field)) continue;
    try {
      assertSavableTarget(value, allowPrivate);
    } catch (error) {
      if (error instanceof PrivateTargetError) throw new ValidationError(error.message, `config.${field}`);
      throw new ValidationError(`config.${field}: not a URL`, `config.${field}`);
    }
  }
}
