// Decides whether `next build` must run: a build exists (.next/BUILD_ID) and the fingerprint of its
// sources matches the one stored after the last build. The fingerprint hashes paths, mtimes and sizes
// (not contents), which is cheap enough to compute at every start.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What the build (Next.js and the compiled processes in dist/) depends on, relative to the project root. */
export const BUILD_INPUTS = Object.freeze([
  'app',
  'components',
  'server',
  'workers',
  'lib',
  'db',
  'scripts/demo',
  'scripts/build-server.mjs',
  'next.config.ts',
  'package-lock.json',
  'tsconfig.json',
]);

export const FINGERPRINT_FILE = '.next/pulseboard-build-fingerprint';

/**
 * A sha256 over "path, mtime, size" of every file under the inputs, in a stable order. A missing
 * input counts too, so creating it later changes the fingerprint.
 * @param {string} root project root
 * @param {readonly string[]} [inputs]
 * @returns {string}
 */
export function computeFingerprint(root, inputs = BUILD_INPUTS) {
  const hash = createHash('sha256');
  for (const input of inputs) {
    const files = listFiles(root, input);
    if (files === null) hash.update(`${input}\0missing\n`);
    for (const file of files ?? []) {
      const stat = fs.statSync(path.join(root, file));
      hash.update(`${file}\0${stat.mtimeMs}\0${stat.size}\n`);
    }
  }
  return hash.digest('hex');
}

/**
 * Why a build is needed: 'missing' (no .next/BUILD_ID), 'changed' (sources differ from the last
 * build), or null when the build is current.
 * @param {string} root
 * @param {string} [fingerprint] the current fingerprint, when already computed
 * @returns {'missing' | 'changed' | null}
 */
export function buildNeeded(root, fingerprint = computeFingerprint(root)) {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return 'missing';
  if (!fs.existsSync(path.join(root, 'dist', 'server.mjs'))) return 'missing';
  return readStoredFingerprint(root) === fingerprint ? null : 'changed';
}

/** @param {string} root @returns {string | null} */
export function readStoredFingerprint(root) {
  try {
    return fs.readFileSync(path.join(root, FINGERPRINT_FILE), 'utf8').trim();
  } catch {
    return null;
  }
}

/** @param {string} root @param {string} fingerprint */
export function saveFingerprint(root, fingerprint) {
  fs.mkdirSync(path.join(root, '.next'), { recursive: true });
  fs.writeFileSync(path.join(root, FINGERPRINT_FILE), `${fingerprint}\n`);
}

/**
 * Files at or under `relative` (itself when it is a file), relative to root with forward slashes,
 * sorted; null when it does not exist.
 * @param {string} root
 * @param {string} relative
 * @returns {string[] | null}
 */
function listFiles(root, relative) {
  let stat;
  try {
    stat = fs.statSync(path.join(root, relative));
  } catch {
    return null;
  }
  if (!stat.isDirectory()) return [relative];
  /** @type {string[]} */
  const files = [];
  const entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const child = `${relative}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(listFiles(root, child) ?? []));
    else if (entry.isFile()) files.push(child);
  }
  return files;
}
