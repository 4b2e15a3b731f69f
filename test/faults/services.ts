// Private Redis and PostgreSQL servers for the fault suite: started, crashed and restarted by the tests
// themselves, never the machine's shared ones. Everything started here is stopped by `stopAll` (afterAll)
// or, if the test process dies first, by the synchronous exit hook and the global teardown's sweep.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { ensureDatabase, runMigrations } from '@/db/migrate';
import { findFreePort, redisAnswers } from '../../scripts/launcher/net.mjs';
import { redisServerArgs } from '../../scripts/launcher/redis.mjs';

/** Every private directory of this suite starts with this, so the teardown sweep can find leftovers. */
export const tempPrefix = 'pb-faults-';
const pgBin = '/usr/lib/postgresql/15/bin';
/** PB_FAULTS_KEEP=1 keeps the temporary directory (process logs, Redis and PostgreSQL data) to debug. */
export const keepTempDirs = process.env.PB_FAULTS_KEEP === '1';

const cleanups: { name: string; sync: () => void }[] = [];
let hooked = false;

/** Registers a synchronous last-resort clean-up, run on process exit when `stopAll` did not run. */
function onExit(name: string, sync: () => void): () => void {
  const entry = { name, sync };
  cleanups.push(entry);
  if (!hooked) {
    hooked = true;
    process.once('exit', runCleanups);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        runCleanups();
        process.exit(1);
      });
    }
  }
  return () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

function runCleanups(): void {
  for (const { sync } of cleanups.splice(0).reverse()) {
    try {
      sync();
    } catch {
      // best effort: the process is exiting
    }
  }
}

/** A private temporary directory, removed on exit. The owner pid in its name lets the sweep judge it. */
export function makeTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${tempPrefix}${process.pid}-`));
  if (!keepTempDirs) onExit(`rm ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * A private redis-server with the launcher's own settings (AOF, noeviction, no RDB) and
 * `appendfsync always`, the setting docs/operations.md names for "no acknowledged event lost on a Redis crash".
 */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  private forget: (() => void) | null = null;
  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async create(root: string): Promise<PrivateRedis> {
    const dir = path.join(root, 'redis');
    fs.mkdirSync(dir, { recursive: true });
    const redis = new PrivateRedis(await findFreePort(16_390 + (process.pid % 1000)), dir);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = [...redisServerArgs({ port: this.port, dir: this.dir }), '--appendfsync', 'always'];
    const child = spawn('redis-server', args, { cwd: this.dir, stdio: 'ignore' });
    this.child = child;
    this.forget = onExit('redis', () => child.kill('SIGKILL'));
    await until(`redis on ${this.port}`, () => redisAnswers('127.0.0.1', this.port, 500), 15_000);
  }

  /** A crash: SIGKILL, no shutdown save. Only what the AOF already has on disk survives. */
  async kill(): Promise<void> {
    await stopChild(this.child, 'SIGKILL');
    this.forget?.();
    this.child = null;
  }

  async stop(): Promise<void> {
    await stopChild(this.child, 'SIGTERM', 10_000);
    this.forget?.();
    this.child = null;
  }
}

/**
 * A private PostgreSQL 15 cluster (initdb + pg_ctl) in a temporary directory on a free port. As root,
 * initdb and the server run as the `postgres` user (PostgreSQL refuses to run as root).
 */
export class PrivatePostgres {
  private forget: (() => void) | null = null;
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly owner: { uid: number; gid: number } | null,
  ) {}

  static async create(root: string): Promise<PrivatePostgres> {
    const dir = path.join(root, 'pg');
    fs.mkdirSync(dir, { recursive: true });
    const owner = process.getuid?.() === 0 ? postgresUser() : null;
    if (owner) {
      fs.chmodSync(root, 0o755); // mkdtemp makes it 0700: the postgres user must reach its own directory
      fs.chownSync(dir, owner.uid, owner.gid);
    }
    const pg = new PrivatePostgres(await findFreePort(15_432 + (process.pid % 1000)), dir, owner);
    pg.run('initdb', ['-D', pg.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    fs.appendFileSync(
      path.join(pg.dataDir, 'postgresql.conf'),
      // fsync off: the faults are process crashes, which the OS page cache survives; it saves minutes.
      `\nport = ${pg.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\n` +
        `fsync = off\nfull_page_writes = off\nmax_connections = 200\n`,
    );
    await pg.start();
    await ensureDatabase(pg.url);
    await runMigrations(pg.url);
    return pg;
  }

  get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/pulseboard`;
  }

  private run(binary: string, args: string[]): void {
    execFileSync(path.join(pgBin, binary), args, {
      stdio: 'ignore',
      cwd: this.dir,
      ...(this.owner ? { uid: this.owner.uid, gid: this.owner.gid } : {}),
    });
  }

  async start(): Promise<void> {
    this.run('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.dir, 'pg.log'), '-w', '-t', '60', 'start']);
    this.forget = onExit('postgres', () =>
      this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', 'stop']),
    );
    const admin = this.url.replace(/\/pulseboard$/, '/postgres');
    await until(
      `postgres on ${this.port}`,
      async () => {
        const sql = postgres(admin, { max: 1, connect_timeout: 2, onnotice: () => {} });
        try {
          await sql`select 1`;
          return true;
        } catch {
          return false;
        } finally {
          await sql.end({ timeout: 1 });
        }
      },
      30_000,
    );
  }

  /** A crash: `pg_ctl stop -m immediate` (SIGQUIT, no checkpoint); the next start replays the WAL. */
  kill(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    this.forget?.();
    this.forget = null;
  }

  stop(): void {
    if (!this.forget) return;
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
    this.forget();
    this.forget = null;
  }
}

function postgresUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('no postgres user to run initdb as');
  return { uid, gid };
}

/** Sends `signal` and waits for the exit; SIGKILL after `timeoutMs`. */
export async function stopChild(
  child: ChildProcess | null,
  signal: NodeJS.Signals,
  timeoutMs = 10_000,
): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await gone;
  clearTimeout(timer);
}

/** Registers a child process for the exit hook; returns the function that unregisters it. */
export function killOnExit(name: string, child: ChildProcess): () => void {
  return onExit(name, () => child.kill('SIGKILL'));
}
