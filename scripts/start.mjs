#!/usr/bin/env node
// `npm start`: brings Pulseboard up from a fresh clone and keeps it running until Ctrl-C.
//
//   install (npm ci, only when needed) → build (next build + dist/, only when sources changed) → secrets
//   → PostgreSQL and Redis (found or started) → migrate → web + worker processes (+ demo simulator)
//   → wait for /api/health → print the URL and how to log in, and `PULSEBOARD_READY url=…`.
//
// Plain JavaScript with Node built-ins only: it runs before the dependencies are installed (the
// modules under launcher/ load `postgres` and `embedded-postgres` lazily, after the install step).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildNeeded, computeFingerprint, saveFingerprint } from './launcher/fingerprint.mjs';
import { installNeeded, markInstalled, npmCommand } from './launcher/install.mjs';
import { LauncherError, log, warn } from './launcher/log.mjs';
import { isPortFree } from './launcher/net.mjs';
import { OptionError, USAGE, parseOptions } from './launcher/options.mjs';
import { resolvePostgres } from './launcher/postgres.mjs';
import { runStep, sendSignal, signalAllServices, terminate } from './launcher/processes.mjs';
import { resolveRedis } from './launcher/redis.mjs';
import { markAdminPasswordShown, resolveSecrets } from './launcher/secrets.mjs';
import { Supervisor } from './launcher/supervisor.mjs';

/** @typedef {import('./launcher/options.mjs').LauncherOptions} LauncherOptions */
/** @typedef {import('./launcher/secrets.mjs').ResolvedSecrets} ResolvedSecrets */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = path.join(ROOT, '.data');
/** Preloaded into the apps: they stop themselves if the launcher dies (see the file). */
const PARENT_WATCH = pathToFileURL(path.join(ROOT, 'scripts', 'launcher', 'parent-watch.mjs')).href;
/** How long the web processes get to answer /api/health the first time. */
const READY_TIMEOUT_MS = 180_000;
/** How long children get between SIGTERM and SIGKILL. */
const STOP_TIMEOUT_MS = 10_000;

/** Where a private service's messages end up. */
const SERVICE_LOGS = /** @type {Record<string, string>} */ ({
  PostgreSQL: 'the [postgres] lines above',
  Redis: '.data/redis/redis.log',
});

/** Thrown into the start-up sequence when a signal asked to stop; not an error. */
const STOPPING = Symbol('stopping');

/** The npm config variables that `npm start --flag` (without `--`) leaves in the environment. */
const OUR_NPM_CONFIG = /^npm_config_(embedded_postgres|private_redis|demo|build|port|web|workers)$/;

class Launcher {
  /** @param {LauncherOptions} options */
  constructor(options) {
    this.options = options;
    this.stopping = false;
    /** @type {import('node:child_process').ChildProcess | null} the foreground step (npm, next build, migrate) */
    this.stepChild = null;
    /** @type {Promise<unknown> | null} a private service being started, not yet registered */
    this.starting = null;
    /** Created up front, so a stop request always reaches it and it refuses to start anything after. */
    this.supervisor = new Supervisor({ onFatal: (message) => void this.shutdown(1, message) });
    /** @type {{ name: string, stop: () => Promise<void> }[]} private services, in start order */
    this.services = [];
    /** The environment every child inherits, without the npm flags that belong to the launcher. */
    this.baseEnv = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !OUR_NPM_CONFIG.test(key)),
    );
  }

  async run() {
    await this.during(() => this.checkPorts());
    await this.during(() => this.installDependencies());
    await this.during(() => this.build());
    const secrets = resolveSecrets(DATA_DIR, process.env);
    const database = await this.during(() => this.startService('PostgreSQL', this.findPostgres()));
    const redis = await this.during(() => this.startService('Redis', this.findRedis()));
    await this.during(() => this.migrate(database));
    await this.during(() => this.startApps({ database, redis, secrets }));
    this.printWelcome(secrets);
  }

  /**
   * Runs one start-up phase; a stop requested meanwhile ends the sequence after it.
   * @template T
   * @param {() => Promise<T>} action
   * @returns {Promise<T>}
   */
  async during(action) {
    if (this.stopping) throw STOPPING;
    const result = await action();
    if (this.stopping) throw STOPPING;
    return result;
  }

  /** Checked first, so a busy port fails at once rather than after the install and the build. */
  async checkPorts() {
    const { port, web } = this.options;
    for (let i = 0; i < web; i++) {
      if (!(await isPortFree(port + i))) {
        throw new LauncherError(
          `port ${port + i} is in use: stop what uses it, or choose another (--port N)`,
        );
      }
    }
  }

  async installDependencies() {
    const kind = installNeeded(ROOT);
    if (!kind) return;
    log(`installing dependencies (npm ${kind})`);
    const npm = npmCommand(process.env);
    // Without NODE_ENV=production: the build needs the devDependencies (TypeScript).
    const { NODE_ENV: _omitted, ...env } = this.baseEnv;
    await this.step('npm', npm.command, [...npm.prefix, kind], { env });
    markInstalled(ROOT);
  }

  async build() {
    const reason = buildNeeded(ROOT, computeFingerprint(ROOT));
    if (!reason) return log('the build in .next and dist/ is up to date');
    if (!this.options.build) {
      if (reason === 'missing')
        throw new LauncherError('--no-build: there is no build in .next and dist/ yet');
      return warn('--no-build: sources changed since the last build; running the old build');
    }
    log(reason === 'missing' ? 'building (next build)' : 'sources changed: rebuilding (next build)');
    const env = {
      ...this.baseEnv,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: this.baseEnv.NEXT_TELEMETRY_DISABLED ?? '1',
    };
    await this.step('next build', binary('next'), ['build'], { env });
    if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
      throw new LauncherError('next build finished without writing .next/BUILD_ID');
    }
    await this.step('compile', process.execPath, [path.join(ROOT, 'scripts', 'build-server.mjs')], { env });
    // Taken after the build: next build may rewrite tsconfig.json, which must not force a rebuild.
    saveFingerprint(ROOT, computeFingerprint(ROOT));
  }

  async findPostgres() {
    const choice = await resolvePostgres({
      env: process.env,
      forceEmbedded: this.options.embeddedPostgres,
      dataDir: DATA_DIR,
    });
    const where = { env: 'DATABASE_URL', local: 'the local server on 127.0.0.1:5432', embedded: 'embedded' };
    log(`PostgreSQL: ${where[choice.source]} (${redact(choice.url)})`);
    return choice;
  }

  async findRedis() {
    const choice = await resolveRedis({
      env: process.env,
      forcePrivate: this.options.privateRedis,
      dataDir: DATA_DIR,
    });
    const where = {
      env: 'REDIS_URL',
      local: 'the local server on 127.0.0.1:6379',
      private: 'private, AOF on',
    };
    log(`Redis: ${where[choice.source]} (${redact(choice.url)})`);
    return choice;
  }

  /**
   * Registers a service the launcher started, so it is stopped on the way out, and stops everything
   * if it dies: the apps cannot work without it.
   * @param {string} name
   * @param {Promise<{ url: string, stop?: () => Promise<void>, exited?: Promise<unknown> }>} finding
   * @returns {Promise<string>} its URL
   */
  async startService(name, finding) {
    const registered = finding.then(({ url, stop, exited }) => {
      if (stop) this.services.push({ name, stop });
      void exited?.then(() => {
        if (this.stopping) return;
        void this.shutdown(1, `${name} stopped unexpectedly; its log: ${SERVICE_LOGS[name]}`);
      });
      return url;
    });
    this.starting = registered;
    try {
      return await registered;
    } finally {
      this.starting = null;
    }
  }

  /** @param {string} databaseUrl */
  async migrate(databaseUrl) {
    log('migrating the database');
    const migrate = compiled('migrate');
    await this.step('migrate', migrate.command, migrate.args, {
      env: { ...this.baseEnv, DATABASE_URL: databaseUrl },
      prefix: true,
    });
  }

  /**
   * Starts the web and worker processes, waits until every web process answers /api/health, then
   * starts the demo simulator (it posts to the web process).
   * @param {{ database: string, redis: string, secrets: ResolvedSecrets }} context
   */
  async startApps({ database, redis, secrets }) {
    const { port, web, workers, demo } = this.options;
    const env = {
      ...this.baseEnv,
      ...secrets.env,
      DATABASE_URL: database,
      REDIS_URL: redis,
      PORT: String(port),
      PULSEBOARD_DEMO: demo ? 'on' : 'off',
      NODE_ENV: 'production',
    };
    const { supervisor } = this;
    for (let i = 0; i < web; i++) {
      supervisor.add({
        name: numbered('web', i, web),
        role: 'web',
        ...compiled('server'),
        cwd: ROOT,
        env: { ...env, PORT: String(port + i) },
        healthUrl: `http://127.0.0.1:${port + i}/api/health`,
      });
    }
    // Worker i serves its /metrics on the base port + i, so several workers on one host do not collide.
    const metricsBase = Number(env.PULSEBOARD_WORKER_METRICS_PORT ?? 9464);
    for (let i = 0; i < workers; i++) {
      const name = numbered('worker', i, workers);
      const metrics =
        Number.isInteger(metricsBase) && metricsBase > 0
          ? { PULSEBOARD_WORKER_METRICS_PORT: String(metricsBase + i) }
          : {};
      supervisor.add({ name, role: 'worker', ...compiled('worker'), cwd: ROOT, env: { ...env, ...metrics } });
    }
    log(`waiting for ${web > 1 ? 'the web processes' : 'the web process'} to answer /api/health`);
    await supervisor.waitUntilHealthy(READY_TIMEOUT_MS).catch((error) => {
      throw new LauncherError(error.message);
    });
    if (demo) {
      const demoEnv = { ...env, PB_BASE: `http://127.0.0.1:${port}` };
      supervisor.add({
        name: 'demo',
        role: 'demo',
        ...compiled('demo'),
        cwd: ROOT,
        env: demoEnv,
      });
    }
  }

  /** @param {ResolvedSecrets} secrets */
  printWelcome(secrets) {
    const { port, web } = this.options;
    const urls = Array.from({ length: web }, (_, i) => `http://localhost:${port + i}`);
    const { PULSEBOARD_ADMIN_EMAIL: email, PULSEBOARD_ADMIN_PASSWORD: password } = secrets.env;
    log(`Pulseboard is up: ${urls.join(', ')}`);
    if (secrets.adminPasswordFrom === 'env') {
      log(`Log in as ${email} with the password in PULSEBOARD_ADMIN_PASSWORD.`);
    } else if (secrets.showAdminPassword) {
      log(`Log in as ${email} with the password ${password}`);
      log('(shown this once; it is also kept in .data/secrets.json)');
      markAdminPasswordShown(DATA_DIR);
    } else {
      log(`Log in as ${email}; the password is PULSEBOARD_ADMIN_PASSWORD in .data/secrets.json.`);
    }
    log('The ingest key for the "default" source is PULSEBOARD_INGEST_KEY in .data/secrets.json.');
    log('Ctrl-C stops everything.');
    process.stdout.write(`PULSEBOARD_READY url=http://127.0.0.1:${port}\n`);
  }

  /**
   * A foreground step, tracked so a stop request can end it.
   * @param {string} name
   * @param {string} command
   * @param {string[]} args
   * @param {{ env: NodeJS.ProcessEnv, prefix?: boolean }} options
   */
  async step(name, command, args, { env, prefix = false }) {
    try {
      await runStep(name, command, args, {
        cwd: ROOT,
        env,
        prefix,
        onSpawn: (child) => (this.stepChild = child),
      });
    } catch (error) {
      throw new LauncherError(`${error instanceof Error ? error.message : error}; see its output above`);
    } finally {
      this.stepChild = null;
    }
  }

  /** @param {NodeJS.Signals} signal */
  onSignal(signal) {
    if (!this.stopping) {
      log(`${signal}: stopping`);
      void this.shutdown(0);
      return;
    }
    // A second Ctrl-C: skip the grace period.
    warn(`${signal} again: killing the processes now`);
    this.supervisor.killNow();
    if (this.stepChild) sendSignal(this.stepChild, 'SIGKILL', false);
  }

  /**
   * Stops everything — the foreground step, the apps, then the private services they used — and exits.
   * @param {number} code
   * @param {string} [message]
   */
  async shutdown(code, message) {
    if (this.stopping) return;
    this.stopping = true;
    if (message) (code === 0 ? log : warn)(message);
    if (this.stepChild) await terminate(this.stepChild, { group: false, timeoutMs: STOP_TIMEOUT_MS });
    await this.supervisor.stop(STOP_TIMEOUT_MS);
    // A private service may be starting right now: wait until it is registered, to stop it too.
    if (this.starting) await Promise.race([this.starting.catch(() => {}), sleep(60_000)]);
    for (const service of [...this.services].reverse()) {
      log(`stopping ${service.name}`);
      await service.stop().catch((error) => warn(`stopping ${service.name} failed: ${error}`));
    }
    log(code === 0 ? 'stopped' : 'stopped after an error');
    process.exit(code);
  }
}

/** @param {string} name */
function binary(name) {
  const file = path.join(ROOT, 'node_modules', '.bin', name);
  if (!fs.existsSync(file)) {
    throw new LauncherError(
      `node_modules/.bin/${name} is missing: remove node_modules and run npm start again`,
    );
  }
  return file;
}

/**
 * How an app process runs in production: `node dist/<name>.mjs` (compiled by scripts/build-server.mjs
 * during the build), a single process, with the parent watch preloaded. tsx is for development only.
 * @param {'server' | 'worker' | 'migrate' | 'demo'} name
 * @returns {{ command: string, args: string[] }}
 */
function compiled(name) {
  const file = path.join(ROOT, 'dist', `${name}.mjs`);
  if (!fs.existsSync(file))
    throw new LauncherError(`dist/${name}.mjs is missing: run npm start without --no-build`);
  return { command: process.execPath, args: ['--enable-source-maps', '--import', PARENT_WATCH, file] };
}

/** "web" for a single process, "web-1", "web-2", … for several. @param {string} base @param {number} i @param {number} count */
function numbered(base, i, count) {
  return count > 1 ? `${base}-${i + 1}` : base;
}

/** A URL fit for the terminal: without its password. @param {string} url */
function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function checkNodeVersion() {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major > 20 || (major === 20 && minor >= 9)) return;
  process.stderr.write(`Pulseboard needs Node.js 20.9 or newer; this is ${process.version}.\n`);
  process.exit(1);
}

async function main() {
  checkNodeVersion();
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof OptionError)) throw error;
    process.stderr.write(`${error.message}\nRun "npm start -- --help" for the options.\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const launcher = new Launcher(options);
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(signal, () => launcher.onSignal(signal));
  }
  // Last resort when the launcher exits without its orderly shutdown (an exception in a handler):
  // no app process or private Redis may outlive it. The embedded PostgreSQL stops by itself.
  process.on('exit', () => signalAllServices('SIGTERM'));
  process.on('uncaughtException', (error) => void launcher.shutdown(1, `launcher error: ${error.stack}`));
  process.on('unhandledRejection', (error) => void launcher.shutdown(1, `launcher error: ${error}`));
  try {
    await launcher.run();
  } catch (error) {
    if (error === STOPPING || launcher.stopping) return;
    const message =
      error instanceof LauncherError ? error.message : String(error instanceof Error ? error.stack : error);
    await launcher.shutdown(1, message);
  }
}

await main();
