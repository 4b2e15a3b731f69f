import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** A random secret with a readable prefix (`pbk_` ingest keys, `pbt_` personal tokens). */
export function generateSecret(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

/** Keys, tokens and session ids are high-entropy, so a fast SHA-256 lookup hash is safe for them. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Algorithm.Argon2id: the package exports it as an ambient const enum, which isolated modules cannot read. */
const argon2id = 2;

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
const argonOptions = { algorithm: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
