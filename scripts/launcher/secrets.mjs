// Secrets a fresh clone lacks, generated once and kept in .data/secrets.json (mode 600, dir 700).
// A value set in the environment always wins and is never written to the file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LauncherError } from './log.mjs';

export const DEFAULT_ADMIN_EMAIL = 'admin@pulseboard.local';
export const SECRETS_FILE = 'secrets.json';

/**
 * @typedef {object} AppSecrets
 * @property {string} PULSEBOARD_SECRET
 * @property {string} PULSEBOARD_ADMIN_EMAIL
 * @property {string} PULSEBOARD_ADMIN_PASSWORD
 * @property {string} PULSEBOARD_INGEST_KEY
 */

/**
 * @typedef {object} ResolvedSecrets
 * @property {AppSecrets} env the values to pass to the processes
 * @property {'env' | 'file'} adminPasswordFrom where the admin password came from
 * @property {boolean} showAdminPassword true until the generated password has been printed once
 */

/** Generated when neither the environment nor the file has them. */
const GENERATED = /** @type {const} */ ({
  PULSEBOARD_SECRET: () => randomToken(48),
  PULSEBOARD_ADMIN_PASSWORD: () => randomToken(18),
  PULSEBOARD_INGEST_KEY: () => `pbk_${randomToken(24)}`,
});

/** URL- and shell-safe random text: `bytes` random bytes as base64url (4/3 as many characters). */
export function randomToken(bytes = 24) {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Creates `dir` with mode 700, or sets an existing one to 700. The one exception kept is group
 * execute (710): as root, the embedded PostgreSQL's group needs to pass through .data.
 * @param {string} dir
 */
export function ensurePrivateDir(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (fs.statSync(dir).mode & 0o067) fs.chmodSync(dir, 0o700);
}

/**
 * Reads .data/secrets.json (an empty object when it does not exist yet).
 * @param {string} dataDir
 * @returns {Record<string, unknown>}
 */
export function readSecretsFile(dataDir) {
  const file = path.join(dataDir, SECRETS_FILE);
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return {};
    throw error;
  }
  // An older copy or a hand edit may have loosened the mode; secrets stay owner-only.
  if (fs.statSync(file).mode & 0o077) fs.chmodSync(file, 0o600);
  try {
    const data = JSON.parse(text);
    if (data && typeof data === 'object' && !Array.isArray(data)) return data;
  } catch {
    // reported below
  }
  throw new LauncherError(`${file} is not a JSON object: fix it, or remove it to generate new secrets`);
}

/**
 * Writes .data/secrets.json atomically (temporary file + rename), mode 600 from the first byte.
 * @param {string} dataDir
 * @param {Record<string, unknown>} data
 */
export function writeSecretsFile(dataDir, data) {
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, SECRETS_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/**
 * The app's secrets: from the environment when set there, else from the file, else generated and
 * saved. The admin e-mail is remembered with the password it was generated for.
 * @param {string} dataDir
 * @param {Record<string, string | undefined>} env
 * @returns {ResolvedSecrets}
 */
export function resolveSecrets(dataDir, env) {
  const stored = readSecretsFile(dataDir);
  /** @type {Record<string, string>} */
  const values = {};
  /** @type {Record<string, string | boolean>} */
  const updates = {};
  for (const [name, generate] of Object.entries(GENERATED)) {
    const fromFile = stored[name];
    if (env[name]) values[name] = env[name];
    else if (typeof fromFile === 'string' && fromFile) values[name] = fromFile;
    else updates[name] = values[name] = generate();
  }
  const fileEmail = typeof stored.PULSEBOARD_ADMIN_EMAIL === 'string' ? stored.PULSEBOARD_ADMIN_EMAIL : '';
  values.PULSEBOARD_ADMIN_EMAIL = env.PULSEBOARD_ADMIN_EMAIL || fileEmail || DEFAULT_ADMIN_EMAIL;
  if (updates.PULSEBOARD_ADMIN_PASSWORD) {
    // A new password is kept with the e-mail of the account it was made for, and is still to be shown.
    updates.PULSEBOARD_ADMIN_EMAIL = values.PULSEBOARD_ADMIN_EMAIL;
    updates.adminPasswordShown = false;
  }
  const merged = { ...stored, ...updates };
  if (Object.keys(updates).length > 0) writeSecretsFile(dataDir, merged);
  const adminPasswordFrom = env.PULSEBOARD_ADMIN_PASSWORD ? 'env' : 'file';
  return {
    env: /** @type {AppSecrets} */ (/** @type {unknown} */ (values)),
    adminPasswordFrom,
    showAdminPassword: adminPasswordFrom === 'file' && merged.adminPasswordShown !== true,
  };
}

/**
 * Remembers that the generated admin password has been printed, so later starts do not print it.
 * @param {string} dataDir
 */
export function markAdminPasswordShown(dataDir) {
  writeSecretsFile(dataDir, { ...readSecretsFile(dataDir), adminPasswordShown: true });
}

/**
 * A launcher-internal secret (e.g. the embedded PostgreSQL password): read from the file, or
 * generated and saved.
 * @param {string} dataDir
 * @param {string} name
 * @returns {string}
 */
export function storedSecret(dataDir, name) {
  const stored = readSecretsFile(dataDir);
  const value = stored[name];
  if (typeof value === 'string' && value) return value;
  const generated = randomToken(24);
  writeSecretsFile(dataDir, { ...stored, [name]: generated });
  return generated;
}
