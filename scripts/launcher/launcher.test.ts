// Tests of the `npm start` launcher's modules, against real files, processes and servers: temp
// directories, a redis-server started here, the local PostgreSQL on 127.0.0.1:5432, and the embedded
// PostgreSQL booted for real.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_POSTGRES_PORT } from './embedded-postgres.mjs';
import { BUILD_INPUTS, buildNeeded, computeFingerprint, saveFingerprint } from './fingerprint.mjs';
import { installNeeded, markInstalled, npmCommand } from './install.mjs';
import { LauncherError } from './log.mjs';
import {
  findFreePort,
  isPortFree,
  postgresAnswers,
  postgresLogin,
  redisAnswers,
  tcpAnswers,
} from './net.mjs';
import { OptionError, parseOptions } from './options.mjs';
import { LOCAL_POSTGRES_URL, resolvePostgres } from './postgres.mjs';
import { exited, findExecutable, isRunning, terminate } from './processes.mjs';
import { resolveRedis, startPrivateRedis } from './redis.mjs';
import {
  DEFAULT_ADMIN_EMAIL,
  ensurePrivateDir,
  markAdminPasswordShown,
  readSecretsFile,
  resolveSecrets,
  storedSecret,
} from './secrets.mjs';
import { Supervisor, backoffDelay } from './supervisor.mjs';

const execFileAsync = promisify(execFile);
const START_SCRIPT = path.resolve(import.meta.dirname, '..', 'start.mjs');

const temporaryDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-launcher-'));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

function writeFile(root: string, relative: string, text = 'x'): void {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(path.join(root, relative), text);
}

function setMtime(file: string, seconds: number): void {
  fs.utimesSync(file, seconds, seconds);
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('parseOptions', () => {
  it('has defaults for a bare `npm start`', () => {
    expect(parseOptions([], {})).toEqual({
      port: 3000,
      demo: true,
      embeddedPostgres: false,
      privateRedis: false,
      workers: 1,
      web: 1,
      build: true,
      help: false,
    });
  });

  it('reads every option, in both --name N and --name=N forms', () => {
    const options = parseOptions(
      [
        '--port',
        '4100',
        '--web=2',
        '--workers',
        '3',
        '--no-demo',
        '--embedded-postgres',
        '--private-redis',
        '--no-build',
      ],
      {},
    );
    expect(options).toMatchObject({
      port: 4100,
      web: 2,
      workers: 3,
      demo: false,
      embeddedPostgres: true,
      privateRedis: true,
      build: false,
    });
    expect(parseOptions(['--help'], {}).help).toBe(true);
    expect(parseOptions(['-h'], {}).help).toBe(true);
  });

  it('takes PORT, PULSEBOARD_DEMO and PULSEBOARD_EMBEDDED_POSTGRES from the environment; the command line wins', () => {
    const env = { PORT: '3300', PULSEBOARD_DEMO: 'off', PULSEBOARD_EMBEDDED_POSTGRES: '1' };
    expect(parseOptions([], env)).toMatchObject({ port: 3300, demo: false, embeddedPostgres: true });
    expect(parseOptions(['--port', '3400'], env).port).toBe(3400);
    expect(parseOptions([], { PULSEBOARD_DEMO: 'on' }).demo).toBe(true);
    expect(parseOptions([], { PULSEBOARD_EMBEDDED_POSTGRES: 'true' }).embeddedPostgres).toBe(true);
    expect(parseOptions([], { PULSEBOARD_EMBEDDED_POSTGRES: '0' }).embeddedPostgres).toBe(false);
  });

  it('honours the flags npm keeps for itself in `npm start --flag` (without --)', () => {
    const env = {
      npm_config_embedded_postgres: 'true',
      npm_config_private_redis: 'true',
      npm_config_demo: '',
      npm_config_build: '',
      npm_config_workers: '2',
    };
    expect(parseOptions([], env)).toMatchObject({
      embeddedPostgres: true,
      privateRedis: true,
      demo: false,
      build: false,
      workers: 2,
    });
  });

  it('rejects what it cannot use, with a message that says why', () => {
    expect(() => parseOptions(['--bogus'], {})).toThrow(OptionError);
    expect(() => parseOptions(['--port'], {})).toThrow(/--port needs a number/);
    expect(() => parseOptions(['--port', '70000'], {})).toThrow(/from 1 to 65535/);
    expect(() => parseOptions(['--workers', '0'], {})).toThrow(/--workers/);
    expect(() => parseOptions(['--web', 'two'], {})).toThrow(/--web/);
    expect(() => parseOptions(['--port', '65535', '--web', '2'], {})).toThrow(/past port 65535/);
    expect(() => parseOptions([], { PORT: 'abc' })).toThrow(/PORT/);
    expect(() => parseOptions([], { PULSEBOARD_DEMO: 'maybe' })).toThrow(/PULSEBOARD_DEMO/);
    // `npm start --port 4000` leaves npm_config_port=true and a stray "4000".
    expect(() => parseOptions(['4000'], { npm_config_port: 'true' })).toThrow(/npm start -- --port/);
    expect(() => parseOptions(['4000'], {})).toThrow(/npm start -- --port 4000/);
  });
});

describe('secrets', () => {
  it('generates the secrets once, in a mode 600 file inside a mode 700 directory', () => {
    const dataDir = path.join(tempDir(), '.data');
    const first = resolveSecrets(dataDir, {});
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'secrets.json'))).toBe(0o600);
    expect(first.env.PULSEBOARD_SECRET).toMatch(/^[A-Za-z0-9_-]{64}$/); // 48 bytes
    expect(first.env.PULSEBOARD_ADMIN_EMAIL).toBe(DEFAULT_ADMIN_EMAIL);
    expect(first.env.PULSEBOARD_ADMIN_PASSWORD.length).toBeGreaterThanOrEqual(18);
    expect(first.env.PULSEBOARD_INGEST_KEY).toMatch(/^pbk_[A-Za-z0-9_-]{32}$/);
    expect(first).toMatchObject({ adminPasswordFrom: 'file', showAdminPassword: true });

    const second = resolveSecrets(dataDir, {});
    expect(second.env).toEqual(first.env);
    expect(readSecretsFile(dataDir)).toMatchObject(first.env);
  });

  it('shows the generated admin password until it has been printed once', () => {
    const dataDir = path.join(tempDir(), '.data');
    expect(resolveSecrets(dataDir, {}).showAdminPassword).toBe(true);
    expect(resolveSecrets(dataDir, {}).showAdminPassword).toBe(true); // a start that never got up
    markAdminPasswordShown(dataDir);
    expect(resolveSecrets(dataDir, {}).showAdminPassword).toBe(false);
    expect(modeOf(path.join(dataDir, 'secrets.json'))).toBe(0o600);
  });

  it('lets the environment win, and never writes environment values to the file', () => {
    const dataDir = path.join(tempDir(), '.data');
    const stored = resolveSecrets(dataDir, {}).env;
    const env = {
      PULSEBOARD_SECRET: 's'.repeat(40),
      PULSEBOARD_ADMIN_EMAIL: 'ops@example.com',
      PULSEBOARD_ADMIN_PASSWORD: 'from-the-environment',
      PULSEBOARD_INGEST_KEY: 'pbk_from_the_environment',
    };
    const resolved = resolveSecrets(dataDir, env);
    expect(resolved.env).toEqual(env);
    expect(resolved).toMatchObject({ adminPasswordFrom: 'env', showAdminPassword: false });
    expect(readSecretsFile(dataDir)).toMatchObject(stored);

    const fresh = path.join(tempDir(), '.data');
    expect(resolveSecrets(fresh, env).env).toEqual(env);
    expect(fs.existsSync(path.join(fresh, 'secrets.json'))).toBe(false);
  });

  it('keeps a generated password with the e-mail it was made for', () => {
    const dataDir = path.join(tempDir(), '.data');
    const first = resolveSecrets(dataDir, { PULSEBOARD_ADMIN_EMAIL: 'first@example.com' });
    expect(readSecretsFile(dataDir)).toMatchObject({
      PULSEBOARD_ADMIN_EMAIL: 'first@example.com',
      PULSEBOARD_ADMIN_PASSWORD: first.env.PULSEBOARD_ADMIN_PASSWORD,
    });
    expect(resolveSecrets(dataDir, {}).env.PULSEBOARD_ADMIN_EMAIL).toBe('first@example.com');
  });

  it('tightens a secrets file and directory that were opened up, and rejects a broken file', () => {
    const dataDir = path.join(tempDir(), '.data');
    resolveSecrets(dataDir, {});
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'secrets.json'), 0o644);
    resolveSecrets(dataDir, {});
    expect(modeOf(path.join(dataDir, 'secrets.json'))).toBe(0o600);
    ensurePrivateDir(dataDir);
    expect(modeOf(dataDir)).toBe(0o700);

    fs.writeFileSync(path.join(dataDir, 'secrets.json'), '[1, 2');
    expect(() => resolveSecrets(dataDir, {})).toThrow(LauncherError);
    expect(() => resolveSecrets(dataDir, {})).toThrow(/not a JSON object/);
  });

  it('keeps launcher-internal secrets next to the others', () => {
    const dataDir = path.join(tempDir(), '.data');
    const app = resolveSecrets(dataDir, {}).env;
    const password = storedSecret(dataDir, 'embeddedPostgresPassword');
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(storedSecret(dataDir, 'embeddedPostgresPassword')).toBe(password);
    expect(resolveSecrets(dataDir, {}).env).toEqual(app);
  });
});

describe('build fingerprint', () => {
  function project(): string {
    const root = tempDir();
    for (const file of [
      'app/page.tsx',
      'server/index.ts',
      'lib/util.ts',
      'db/schema/users.ts',
      'next.config.ts',
    ]) {
      writeFile(root, file);
    }
    writeFile(root, 'package-lock.json', '{}');
    writeFile(root, 'tsconfig.json', '{}');
    writeFile(root, 'README.md');
    writeFile(root, 'db/migrations/0000.sql');
    return root;
  }

  it('is stable, and ignores files the build does not read', () => {
    const root = project();
    const before = computeFingerprint(root);
    expect(computeFingerprint(root)).toBe(before);
    writeFile(root, 'README.md', 'changed');
    writeFile(root, 'e2e/new.spec.ts');
    expect(computeFingerprint(root)).toBe(before);
    expect(BUILD_INPUTS).toEqual(expect.arrayContaining(['db', 'workers', 'server', 'scripts/demo']));
  });

  it('changes with the mtime, the size, or a new or removed file under the inputs', () => {
    const root = project();
    const page = path.join(root, 'app/page.tsx');
    setMtime(page, 1_700_000_000);
    const before = computeFingerprint(root);

    setMtime(page, 1_700_000_100);
    expect(computeFingerprint(root)).not.toBe(before);
    setMtime(page, 1_700_000_000);
    expect(computeFingerprint(root)).toBe(before);

    fs.appendFileSync(page, 'more');
    setMtime(page, 1_700_000_000);
    expect(computeFingerprint(root)).not.toBe(before);
    fs.writeFileSync(page, 'x');
    setMtime(page, 1_700_000_000);
    expect(computeFingerprint(root)).toBe(before);

    writeFile(root, 'components/chart.tsx');
    expect(computeFingerprint(root)).not.toBe(before);
    fs.rmSync(path.join(root, 'components'), { recursive: true });
    expect(computeFingerprint(root)).toBe(before);
    fs.rmSync(path.join(root, 'lib/util.ts'));
    expect(computeFingerprint(root)).not.toBe(before);
  });

  it('asks for a build when there is none or the sources changed since the last one', () => {
    const root = project();
    expect(buildNeeded(root)).toBe('missing');
    writeFile(root, '.next/BUILD_ID', 'abc');
    expect(buildNeeded(root)).toBe('missing'); // the compiled processes in dist/ too
    writeFile(root, 'dist/server.mjs', '');
    expect(buildNeeded(root)).toBe('changed');
    saveFingerprint(root, computeFingerprint(root));
    expect(fs.existsSync(path.join(root, '.next/pulseboard-build-fingerprint'))).toBe(true);
    expect(buildNeeded(root)).toBeNull();
    setMtime(path.join(root, 'tsconfig.json'), 1_600_000_000);
    expect(buildNeeded(root)).toBe('changed');
  });
});

describe('dependency install check', () => {
  it('installs (npm ci with a lockfile) when node_modules is missing or older than package-lock.json, and only then', () => {
    const root = tempDir();
    expect(installNeeded(root)).toBe('install'); // no lockfile: npm install writes one
    writeFile(root, 'package-lock.json', '{}');
    expect(installNeeded(root)).toBe('ci'); // the committed lockfile, exactly
    fs.mkdirSync(path.join(root, 'node_modules'));
    expect(installNeeded(root)).toBe('ci'); // no node_modules/.package-lock.json: never completed
    writeFile(root, 'node_modules/.package-lock.json', '{}');
    setMtime(path.join(root, 'package-lock.json'), 1_700_000_000);
    setMtime(path.join(root, 'node_modules/.package-lock.json'), 1_700_000_100);
    expect(installNeeded(root)).toBeNull();
    setMtime(path.join(root, 'package-lock.json'), 1_700_000_200); // git pull brought a new lockfile
    expect(installNeeded(root)).toBe('ci');
    markInstalled(root);
    expect(installNeeded(root)).toBeNull();
  });

  it('runs the npm that runs `npm start`, else npm from PATH', () => {
    const cli = '/usr/lib/node_modules/npm/bin/npm-cli.js';
    expect(npmCommand({ npm_execpath: cli })).toEqual({ command: process.execPath, prefix: [cli] });
    expect(npmCommand({ npm_execpath: '/usr/lib/node_modules/pnpm/bin/pnpm.cjs' }).prefix).toEqual([]);
    expect(npmCommand({}).command).toMatch(/^npm/);
  });
});

describe('service detection', () => {
  let redisPort = 0;
  let redis: ChildProcess;

  beforeAll(async () => {
    const binary = findExecutable('redis-server');
    if (!binary) throw new Error('these tests need redis-server on PATH');
    redisPort = await findFreePort(17_000);
    const dir = tempDir();
    redis = spawn(binary, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--dir', dir], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 100 && !(await redisAnswers('127.0.0.1', redisPort)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  afterAll(async () => {
    if (redis) await terminate(redis, { group: false });
  });

  it('finds a Redis by PING, and nothing where nothing or something else listens', async () => {
    expect(await redisAnswers('127.0.0.1', redisPort)).toBe(true);
    expect(await tcpAnswers('127.0.0.1', redisPort)).toBe(true);
    const closed = await findFreePort(redisPort + 1);
    expect(await redisAnswers('127.0.0.1', closed)).toBe(false);
    expect(await tcpAnswers('127.0.0.1', closed)).toBe(false);

    const notRedis = net.createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((resolve) => notRedis.listen(0, '127.0.0.1', resolve));
    const { port } = notRedis.address() as net.AddressInfo;
    try {
      expect(await redisAnswers('127.0.0.1', port)).toBe(false);
    } finally {
      notRedis.close();
    }
  });

  it('tells free ports from used ones', async () => {
    expect(await isPortFree(redisPort)).toBe(false);
    const free = await findFreePort(redisPort);
    expect(free).toBeGreaterThan(redisPort);
    expect(await isPortFree(free)).toBe(true);
  });

  it('finds the local PostgreSQL by a real login; a missing database still counts', async () => {
    expect(await postgresAnswers(LOCAL_POSTGRES_URL)).toBe(true);
    expect(await postgresAnswers('postgres://postgres@127.0.0.1:5432/pb_no_such_database')).toBe(true);
    const closed = await findFreePort(55_500);
    expect(await postgresAnswers(`postgres://postgres@127.0.0.1:${closed}/pulseboard`)).toBe(false);
    expect(await postgresLogin('postgres://pb_no_such_role@127.0.0.1:5432/postgres')).toMatch(
      /pb_no_such_role/,
    );
    // A Redis port answers TCP but not the PostgreSQL protocol.
    expect(await postgresAnswers(`postgres://postgres@127.0.0.1:${redisPort}/pulseboard`, 2000)).toBe(false);
  });

  it('chooses DATABASE_URL, else the local PostgreSQL', async () => {
    const dataDir = path.join(tempDir(), '.data');
    const url = 'postgres://app@db.example:5432/pulseboard';
    expect(await resolvePostgres({ env: { DATABASE_URL: url }, forceEmbedded: false, dataDir })).toEqual({
      url,
      source: 'env',
    });
    expect(await resolvePostgres({ env: {}, forceEmbedded: false, dataDir })).toEqual({
      url: LOCAL_POSTGRES_URL,
      source: 'local',
    });
  });

  it('chooses REDIS_URL, else the local Redis on 6379', async () => {
    const dataDir = path.join(tempDir(), '.data');
    const url = `redis://127.0.0.1:${redisPort}`;
    expect(await resolveRedis({ env: { REDIS_URL: url }, forcePrivate: false, dataDir })).toEqual({
      url,
      source: 'env',
    });
    expect(await redisAnswers('127.0.0.1', 6379)).toBe(true); // machines here run one
    expect(await resolveRedis({ env: {}, forcePrivate: false, dataDir })).toEqual({
      url: 'redis://127.0.0.1:6379',
      source: 'local',
    });
  });
});

describe('private Redis', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('is forced by --private-redis and runs with AOF, no eviction and no RDB snapshots', async () => {
    const dataDir = path.join(tempDir(), '.data');
    const choice = await resolveRedis({
      env: { REDIS_URL: 'redis://127.0.0.1:6379' },
      forcePrivate: true,
      dataDir,
    });
    if (choice.stop) stops.push(choice.stop);
    expect(choice.source).toBe('private');
    const client = new Redis(choice.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    try {
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await client.config('GET', 'appendfsync')).toEqual(['appendfsync', 'everysec']);
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
      await client.set('pb-launcher-test', 'kept');
    } finally {
      client.disconnect();
    }
    const dir = path.join(dataDir, 'redis');
    expect(modeOf(dir)).toBe(0o700);
    expect(fs.existsSync(path.join(dir, 'redis.pid'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'redis.log'))).toBe(true);

    await choice.stop?.();
    stops.pop();
    const port = Number(new URL(choice.url).port);
    expect(await redisAnswers('127.0.0.1', port)).toBe(false);

    // The AOF brings the data back on the next start.
    const again = await startPrivateRedis({ dataDir });
    stops.push(again.stop);
    const reader = new Redis(again.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await reader.connect();
    try {
      expect(await reader.get('pb-launcher-test')).toBe('kept');
    } finally {
      reader.disconnect();
    }
  });

  it('stops one left running by an earlier launcher before starting on the same data', async () => {
    const dataDir = path.join(tempDir(), '.data');
    const orphan = await startPrivateRedis({ dataDir });
    const second = await startPrivateRedis({ dataDir });
    stops.push(second.stop);
    const status = await Promise.race([orphan.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    expect(status).toMatchObject({ signal: null });
    expect(await redisAnswers('127.0.0.1', second.port)).toBe(true);
  });
});

describe('Supervisor', () => {
  const node = process.execPath;
  const supervisors: Supervisor[] = [];
  afterEach(async () => {
    for (const supervisor of supervisors.splice(0)) await supervisor.stop(2000);
  });

  function supervise(onFatal: (message: string) => void = () => {}): Supervisor {
    const supervisor = new Supervisor({ onFatal, backoff: { baseMs: 20, maxMs: 200 } });
    supervisors.push(supervisor);
    return supervisor;
  }

  const healthServer = `
    require('node:http').createServer((req, res) => res.writeHead(req.url === '/api/health' ? 200 : 404).end())
      .listen(Number(process.env.PORT), '127.0.0.1');`;

  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });

  it('waits for the web process to be healthy and restarts it when it dies', async () => {
    const port = await findFreePort(18_000);
    const supervisor = supervise();
    supervisor.add({
      name: 'web',
      role: 'web',
      command: node,
      args: ['-e', healthServer],
      cwd: process.cwd(),
      env: { ...process.env, PORT: String(port) },
      healthUrl: `http://127.0.0.1:${port}/api/health`,
    });
    await supervisor.waitUntilHealthy(10_000);
    const [web] = supervisor.processes;
    const firstPid = web?.child?.pid;
    process.kill(firstPid ?? 0, 'SIGKILL');
    await waitFor(() => web?.child?.pid !== firstPid && web?.healthy === true);
    expect(web?.startFailures).toBe(0);
  });

  it('keeps restarting a crashing worker without stopping the system', async () => {
    const fatal: string[] = [];
    const supervisor = supervise((message) => fatal.push(message));
    supervisor.add({
      name: 'worker',
      role: 'worker',
      command: node,
      args: ['-e', 'process.exit(1)'],
      cwd: process.cwd(),
      env: process.env,
    });
    await waitFor(() => (supervisor.processes[0]?.failures ?? 0) >= 4);
    expect(fatal).toEqual([]);
  });

  it('gives up when the web process fails at start 3 times in a row', async () => {
    const fatal: string[] = [];
    const supervisor = supervise((message) => fatal.push(message));
    supervisor.add({
      name: 'web',
      role: 'web',
      command: node,
      args: ['-e', 'console.error("cannot start"); process.exit(1)'],
      cwd: process.cwd(),
      env: process.env,
      healthUrl: `http://127.0.0.1:${await findFreePort(18_100)}/api/health`,
    });
    await waitFor(() => fatal.length > 0);
    expect(fatal[0]).toMatch(/failed at start 3 times in a row \(last: exit code 1\)/);
    expect(supervisor.processes[0]?.startFailures).toBe(3);
  });

  it('stops everything when a process reports a configuration error (exit 78)', async () => {
    const fatal: string[] = [];
    const supervisor = supervise((message) => fatal.push(message));
    supervisor.add({
      name: 'worker',
      role: 'worker',
      command: node,
      args: ['-e', 'process.exit(78)'],
      cwd: process.cwd(),
      env: process.env,
    });
    await waitFor(() => fatal.length > 0);
    expect(fatal[0]).toMatch(/configuration is invalid/);
  });

  it('stops children with SIGTERM, and SIGKILL after the grace period', async () => {
    const readyFile = path.join(os.tmpdir(), `pb-stubborn-${process.pid}-${Date.now()}`);
    const supervisor = supervise();
    const spec = { role: 'worker' as const, command: node, cwd: process.cwd(), env: process.env };
    supervisor.add({ ...spec, name: 'polite', args: ['-e', 'setInterval(() => {}, 1000)'] });
    supervisor.add({
      ...spec,
      name: 'stubborn',
      // Writes its marker once the handler is installed; a fixed sleep lost that race on a loaded machine.
      args: [
        '-e',
        'process.on("SIGTERM", () => {}); require("fs").writeFileSync(process.argv[1], "ready"); setInterval(() => {}, 1000)',
        readyFile,
      ],
    });
    await waitFor(() => fs.existsSync(readyFile));
    const [polite, stubborn] = supervisor.processes.map((m) => m.child as ChildProcess);
    const started = Date.now();
    await supervisor.stop(500);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await exited(polite as ChildProcess)).toMatchObject({ signal: 'SIGTERM' });
    expect(await exited(stubborn as ChildProcess)).toMatchObject({ signal: 'SIGKILL' });
    expect(supervisor.processes.some((m) => m.child && isRunning(m.child))).toBe(false);
  });

  it('stops the demo client first, then the web processes, then the workers', async () => {
    const log = path.join(os.tmpdir(), `pb-stop-order-${process.pid}-${Date.now()}`);
    const supervisor = supervise();
    // Each child appends its name when asked to stop, after a short delay: were they signalled together,
    // the worker (added first) would write first.
    const child = (name: string) => [
      '-e',
      `process.on("SIGTERM", () => setTimeout(() => { require("fs").appendFileSync(process.argv[1], "${name} "); process.exit(0); }, 100));
       require("fs").writeFileSync(process.argv[1] + ".${name}", "ready");
       setInterval(() => {}, 1000)`,
      log,
    ];
    const spec = { command: node, cwd: process.cwd(), env: process.env };
    supervisor.add({ ...spec, role: 'worker', name: 'worker', args: child('worker') });
    supervisor.add({ ...spec, role: 'web', name: 'web', args: child('web') });
    supervisor.add({ ...spec, role: 'demo', name: 'demo', args: child('demo') });
    await waitFor(() => ['worker', 'web', 'demo'].every((name) => fs.existsSync(`${log}.${name}`)));
    await supervisor.stop(5000);
    expect(fs.readFileSync(log, 'utf8').trim()).toBe('demo web worker');
    for (const file of [log, `${log}.worker`, `${log}.web`, `${log}.demo`]) fs.rmSync(file, { force: true });
  });
});

describe('parent watch', () => {
  it('makes an app process stop itself (SIGTERM) when the launcher dies without stopping it', async () => {
    const marker = path.join(tempDir(), 'stopped');
    const watch = pathToFileURL(path.join(import.meta.dirname, 'parent-watch.mjs')).href;
    const app = `
      const fs = require('node:fs');
      // Written then renamed: the test polls for the file, and a plain write can be seen created and still empty.
      process.on('SIGTERM', () => {
        fs.writeFileSync(${JSON.stringify(`${marker}.tmp`)}, 'SIGTERM');
        fs.renameSync(${JSON.stringify(`${marker}.tmp`)}, ${JSON.stringify(marker)});
        process.exit(0);
      });
      fs.writeFileSync(${JSON.stringify(`${marker}.ready`)}, '');
      setInterval(() => {}, 1000);`;
    const launcher = `
      require('node:child_process').spawn(process.execPath, ['--import', ${JSON.stringify(watch)}, '-e', ${JSON.stringify(app)}], { detached: true, stdio: 'ignore' });
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', launcher], { stdio: 'ignore' });
    await waitFor(() => fs.existsSync(`${marker}.ready`));
    parent.kill('SIGKILL');
    await waitFor(() => fs.existsSync(marker), 5000);
    expect(fs.readFileSync(marker, 'utf8')).toBe('SIGTERM');
  });
});

describe('embedded PostgreSQL', () => {
  it('boots when forced, keeps its data across a restart, and stops', { timeout: 120_000 }, async () => {
    const root = tempDir();
    // As root, PostgreSQL runs as the `postgres` OS user, which must be able to enter the project
    // directory (mkdtemp makes it 0700); a real clone is normally 0755.
    fs.chmodSync(root, 0o755);
    const dataDir = path.join(root, '.data');
    const first = await resolvePostgres({
      env: { DATABASE_URL: 'postgres://ignored@127.0.0.1:1/ignored' },
      forceEmbedded: true,
      dataDir,
    });
    expect(first.source).toBe('embedded');
    const url = new URL(first.url);
    expect(url.pathname).toBe('/pulseboard');
    expect(Number(url.port)).toBeGreaterThanOrEqual(EMBEDDED_POSTGRES_PORT);
    expect(decodeURIComponent(url.password)).toBe(readSecretsFile(dataDir).embeddedPostgresPassword);
    expect(modeOf(path.join(dataDir, 'secrets.json'))).toBe(0o600);
    expect(modeOf(path.join(dataDir, 'postgres'))).toBe(0o700);
    if (process.getuid?.() === 0) {
      expect(fs.statSync(path.join(dataDir, 'postgres')).uid).not.toBe(0);
      expect(modeOf(dataDir)).toBe(0o710);
    }

    const adminUrl = new URL(first.url);
    adminUrl.pathname = '/postgres';
    const sql = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ version: string }[]>`select version()`;
      expect(row?.version).toMatch(/^PostgreSQL \d+/);
      await sql`create table launcher_test (note text)`;
      await sql`insert into launcher_test values ('persisted')`;
    } finally {
      await sql.end();
    }
    // Credentials are checked before the database: a wrong password fails even for a missing database.
    expect(await postgresLogin(first.url)).toBeNull();
    const wrong = new URL(first.url);
    wrong.password = 'wrong-password';
    expect(await postgresLogin(wrong.toString())).toMatch(/password/);

    await first.stop?.();
    expect(await tcpAnswers('127.0.0.1', Number(url.port))).toBe(false);

    const second = await resolvePostgres({ env: {}, forceEmbedded: true, dataDir });
    try {
      const again = new URL(second.url);
      again.pathname = '/postgres';
      const reader = postgres(again.toString(), { max: 1, onnotice: () => {} });
      try {
        const rows = await reader<{ note: string }[]>`select note from launcher_test`;
        expect(rows.map((r) => r.note)).toEqual(['persisted']);
      } finally {
        await reader.end();
      }
    } finally {
      await second.stop?.();
    }
    expect(await tcpAnswers('127.0.0.1', Number(new URL(second.url).port))).toBe(false);
  });
});

describe('embedded PostgreSQL in a clone closed to others', () => {
  // As root (CI, a bare server), PostgreSQL runs as the `postgres` OS user; a clone under a mode-700
  // folder (as /root is) keeps initdb out of its reach. The launcher must say so in one sentence,
  // not die on a bare spawn EACCES.
  it.runIf(process.getuid?.() === 0)(
    'stops with one sentence that names the folder and what to do',
    { timeout: 60_000 },
    async () => {
      const closed = tempDir(); // mkdtemp: mode 0700, owned by root
      const clone = path.join(closed, 'pulseboard');
      const repo = path.resolve(import.meta.dirname, '../..');
      fs.mkdirSync(path.join(clone, 'scripts'), { recursive: true });
      fs.cpSync(path.join(repo, 'scripts', 'launcher'), path.join(clone, 'scripts', 'launcher'), {
        recursive: true,
      });
      await execFileAsync('cp', ['-al', path.join(repo, 'node_modules'), path.join(clone, 'node_modules')]);
      const open = tempDir();
      fs.chmodSync(open, 0o755); // the data may go where the postgres user can reach it; the programs cannot
      const probe = [
        `import { resolvePostgres } from ${JSON.stringify(pathToFileURL(path.join(clone, 'scripts/launcher/postgres.mjs')).href)};`,
        `try { const r = await resolvePostgres({ env: {}, forceEmbedded: true, dataDir: ${JSON.stringify(path.join(open, '.data'))} });`,
        `  await r.stop?.(); console.log('STARTED'); }`,
        `catch (error) { console.log('REFUSED ' + error.message); }`,
        `process.exit(0);`,
      ].join('\n');
      const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', probe]);
      const line = stdout.split('\n').find((l) => l.startsWith('REFUSED') || l.startsWith('STARTED'));
      expect(line).toMatch(/^REFUSED As root, the embedded PostgreSQL runs as the "postgres" OS user/);
      expect(line).toContain(`cannot enter ${closed} to reach its programs`);
      expect(line).toContain(`chmod o+x ${closed}`);
      expect(line).toContain('DATABASE_URL');
    },
  );
});

describe('start.mjs', () => {
  it('prints its usage with --help', async () => {
    const { stdout } = await execFileAsync(process.execPath, [START_SCRIPT, '--help']);
    expect(stdout).toMatch(/--embedded-postgres/);
    expect(stdout).toMatch(/--no-build/);
  });

  it('exits with code 2 and a hint on a bad option', async () => {
    const result = await execFileAsync(process.execPath, [START_SCRIPT, '--port', 'x']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(result).toMatchObject({ code: 2 });
    expect((result as { stderr: string }).stderr).toMatch(/--port must be a whole number/);
  });
});
