// Dependencies: install only when node_modules is missing or older than package-lock.json.
import fs from 'node:fs';
import path from 'node:path';

/**
 * How node_modules must be installed, or null when nothing is to be done: `npm ci` (exactly the committed
 * package-lock.json, which is complete for every platform, so the tree stays clean) when there is a
 * lockfile, `npm install` without one. npm writes node_modules/.package-lock.json at the end of every
 * install, so a package-lock.json newer than it means the lockfile changed since (git pull).
 * @param {string} root
 * @returns {'ci' | 'install' | null}
 */
export function installNeeded(root) {
  const lock = mtimeMs(path.join(root, 'package-lock.json'));
  const kind = lock === null ? 'install' : 'ci';
  if (!fs.existsSync(path.join(root, 'node_modules'))) return kind;
  if (lock === null) return null;
  const installed = mtimeMs(path.join(root, 'node_modules', '.package-lock.json'));
  return installed === null || lock > installed ? kind : null;
}

/**
 * Marks node_modules as current. npm may write its hidden lockfile before package-lock.json (npm
 * install without a lockfile), which would make the next start install again.
 * @param {string} root
 */
export function markInstalled(root) {
  const hidden = path.join(root, 'node_modules', '.package-lock.json');
  const now = new Date();
  if (fs.existsSync(hidden)) fs.utimesSync(hidden, now, now);
}

/**
 * How to run npm: through the same npm that runs `npm start` (npm_execpath) when there is one, so a
 * machine with several npm versions uses the one the user chose; else `npm` from PATH.
 * @param {Record<string, string | undefined>} env
 * @returns {{ command: string, prefix: string[] }}
 */
export function npmCommand(env) {
  const cli = env.npm_execpath;
  if (cli && /npm-cli\.c?js$/.test(cli)) return { command: process.execPath, prefix: [cli] };
  return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', prefix: [] };
}

/** @param {string} file @returns {number | null} */
function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}
