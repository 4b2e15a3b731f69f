import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Channel secrets at rest: AES-256-GCM with a key derived from PULSEBOARD_SECRET by HKDF-SHA256, so the
 * same secret also signing sessions never serves directly as a cipher key. Format `v1.<base64 iv|tag|ct>`.
 */
export function secretKey(pulseboardSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', pulseboardSecret, 'pulseboard', 'pulseboard channel secrets v1', 32));
}

export function encryptSecrets(key: Buffer, value: Record<string, string>): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
}

export function decryptSecrets(key: Buffer, stored: string): Record<string, string> {
  if (!stored.startsWith('v1.')) throw new Error('unknown secret format');
  const raw = Buffer.from(stored.slice(3), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as Record<string, string>;
}

/** `••••1234`: the last four characters of a short secret, nothing of one under 12 characters. */
export function maskSecret(value: string): string {
  return value.length >= 12 ? `••••${value.slice(-4)}` : '••••';
}

/** A URL with only scheme and host visible, e.g. `https://hooks.slack.com/••••`; userinfo never shown. */
export function maskUrl(value: string): string {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}/••••`;
  } catch {
    return '••••';
  }
}
