import { randomBytes } from 'node:crypto';
import type { ChannelType } from '@/db/schema';
import { secretFields, urlSecretFields } from '@/lib/notifications/channel-config';
import { assertPublicHost, PrivateTargetError } from '@/lib/notifications/ssrf';
import { ValidationError } from '@/server/errors';

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

/** A generated webhook signing secret: 32 random bytes, hex. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

/** Refuses URL secrets whose host resolves to a private address (unless allowed); 400 names the field. */
export async function checkTargets(secrets: Record<string, string>, allowPrivate: boolean): Promise<void> {
  for (const [field, value] of Object.entries(secrets)) {
    if (!urlSecretFields.has(field)) continue;
    try {
      await assertPublicHost(new URL(value).hostname, allowPrivate);
    } catch (error) {
      if (error instanceof PrivateTargetError) throw new ValidationError(error.message, `config.${field}`);
      throw new ValidationError(`config.${field}: the host does not resolve`, `config.${field}`);
    }
  }
}
