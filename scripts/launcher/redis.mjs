// Redis: REDIS_URL, else the usual local one on 6379, else a private redis-server with AOF on
// (the durability promise of the ingest API rests on it), data in .data/redis.
import fs from 'node:fs';
import path from 'node:path';
import { LauncherError, log } from './log.mjs';
import { findFreePort, redisAnswers } from './net.mjs';
import {
  describeExit,
  exited,
  findExecutable,
  isRunning,
  spawnService,
  stopLeftover,
  terminate,
} from './processes.mjs';
import { ensurePrivateDir } from './secrets.mjs';

export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';
export const PRIVATE_REDIS_PORT = 6390;

/**
 * @typedef {object} RedisChoice
 * @property {string} url
 * @property {'env' | 'local' | 'private'} source
 * @property {() => Promise<void>} [stop] only for a server the launcher started
 * @property {Promise<unknown>} [exited] settles if that server stops
 */

/**
 * @param {object} options
 * @param {Record<string, string | undefined>} options.env
 * @param {boolean} options.forcePrivate `--private-redis`
 * @param {string} options.dataDir the .data directory
 * @returns {Promise<RedisChoice>}
 */
export async function resolveRedis({ env, forcePrivate, dataDir }) {
  if (!forcePrivate && env.REDIS_URL) return { url: env.REDIS_URL, source: 'env' };
  if (forcePrivate && env.REDIS_URL) log('--private-redis: ignoring REDIS_URL');
  if (!forcePrivate && (await redisAnswers('127.0.0.1', 6379)))
    return { url: LOCAL_REDIS_URL, source: 'local' };
  const server = await startPrivateRedis({ dataDir });
  return { url: server.url, source: 'private', stop: server.stop, exited: server.exited };
}

/**
 * The redis-server arguments: AOF fsynced every second, no RDB snapshots, no eviction (a full Redis
 * must refuse writes, so ingest answers 429, rather than drop queued events), loopback only. Its log
 * goes to a file: even at level warning it prints a banner the terminal does not need.
 * @param {{ port: number, dir: string }} options
 * @returns {string[]}
 */
export function redisServerArgs({ port, dir }) {
  return [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--appendonly', 'yes',
    '--appendfsync', 'everysec',
    '--maxmemory-policy', 'noeviction',
    '--save', '',
    '--pidfile', path.join(dir, 'redis.pid'),
    '--logfile', path.join(dir, 'redis.log'),
    '--loglevel', 'warning',
  ]; // prettier-ignore
}

/**
 * Starts a private redis-server with its data in <dataDir>/redis, on PRIVATE_REDIS_PORT or the next
 * free port, and waits until it answers PING.
 * @param {{ dataDir: string, port?: number }} options
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void>, exited: Promise<import('./processes.mjs').ExitStatus> }>}
 */
export async function startPrivateRedis({ dataDir, port }) {
  const binary = findExecutable('redis-server');
  if (!binary) {
    throw new LauncherError(
      'No Redis answers on 127.0.0.1:6379 and redis-server is not installed. Install it ' +
        '(Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.',
    );
  }
  const dir = path.join(dataDir, 'redis');
  ensurePrivateDir(dir);
  // A private redis-server left running by a launcher that was killed (it has its own process group,
  // so it outlives one) would fight a new one over the same AOF files.
  await stopLeftover(path.join(dir, 'redis.pid'), {
    expect: 'redis-server',
    signal: 'SIGTERM',
    label: 'Redis',
  });
  const chosen = port ?? (await findFreePort(PRIVATE_REDIS_PORT));
  log(
    `starting a private Redis on 127.0.0.1:${chosen} (data and log in ${path.relative(process.cwd(), dir)})`,
  );
  const child = spawnService('redis', binary, redisServerArgs({ port: chosen, dir }), {
    cwd: dir,
    env: process.env,
  });
  await waitForPing(child, chosen, path.join(dir, 'redis.log'));
  return {
    url: `redis://127.0.0.1:${chosen}`,
    port: chosen,
    // SIGTERM makes redis fsync the AOF and exit; 10 s is plenty even for a large one.
    stop: async () => void (await terminate(child, { timeoutMs: 10_000 })),
    exited: exited(child),
  };
}

/**
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} port
 * @param {string} logFile
 */
async function waitForPing(child, port, logFile) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (!isRunning(child)) {
      const status = await exited(child);
      throw new LauncherError(`redis-server stopped at start (${describeExit(status)}):\n${tail(logFile)}`);
    }
    if (await redisAnswers('127.0.0.1', port, 500)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await terminate(child);
  throw new LauncherError(`redis-server did not answer PING on port ${port} within 15 s:\n${tail(logFile)}`);
}

/** The last lines of a log file, to explain a failure. @param {string} file */
function tail(file, lines = 15) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
