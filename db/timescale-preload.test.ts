import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase, runMigrations } from '@/db/migrate';
import { TimescaleNotPreloadedError } from '@/db/timescale';
import { findFreePort } from '../scripts/launcher/net.mjs';

// A real server with the timescaledb package but without the preload: a throwaway cluster from the private
// PostgreSQL 15 copy that ../shared/timescaledb/start.sh builds (PB_TSDB_DIR), without its -c options.
const pgBin = path.join(
  process.env.PB_TSDB_DIR ?? '/var/tmp/pb-timescaledb',
  'root/usr/lib/postgresql/15/bin',
);
const lib = path.join(pgBin, '../lib');
const present =
  fs.existsSync(path.join(pgBin, 'initdb')) &&
  fs.existsSync(lib) &&
  fs.readdirSync(lib).some((f) => /^timescaledb-\d.*\.so$/.test(f));
const skipReason = `no private PostgreSQL copy with TimescaleDB at ${pgBin} (../shared/timescaledb/start.sh builds it)`;

let dir = '';
let dataDir = '';
let url = '';
let port = 0;
let owner: { uid: number; gid: number } | null = null;

function pg(binary: string, args: string[]): void {
  execFileSync(path.join(pgBin, binary), args, {
    stdio: 'ignore',
    cwd: dir,
    ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
  });
}

beforeAll(async () => {
  if (!present) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-nopreload-'));
  dataDir = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    // initdb refuses root: the cluster belongs to the postgres user, who must reach the directory.
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    owner = { uid: id('-u'), gid: id('-g') };
    fs.chmodSync(dir, 0o755);
    fs.chownSync(dir, owner.uid, owner.gid);
  }
  port = await findFreePort(5439);
  pg('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  start('');
  url = `postgres://postgres@127.0.0.1:${port}/pulseboard`;
  await ensureDatabase(url);
});

function start(preload: '' | 'timescaledb'): void {
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const preloading = preload
    ? ` -c shared_preload_libraries=${preload} -c timescaledb.telemetry_level=off`
    : '';
  pg('pg_ctl', ['-D', dataDir, '-l', path.join(dir, 'pg.log'), '-w', '-o', options + preloading, 'start']);
}

afterAll(() => {
  if (!dir) return;
  try {
    pg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const title = 'migrations where TimescaleDB is installed but not preloaded';
describe.skipIf(!present)(present ? title : `${title} (skipped: ${skipReason})`, () => {
  it('stop before any change with one line that names shared_preload_libraries and the fix', async () => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const [setting] = await sql<{ available: boolean; preload: string }[]>`
        select exists (select 1 from pg_available_extensions where name = 'timescaledb') as available,
          current_setting('shared_preload_libraries') as preload`;
      expect(setting).toEqual({ available: true, preload: '' });

      const failure = await runMigrations(url).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(TimescaleNotPreloadedError);
      const message = (failure as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/add timescaledb to shared_preload_libraries .*restart PostgreSQL/);

      // Nothing was applied, and the check itself did not cost the session (CREATE EXTENSION would: FATAL).
      const [state] = await sql<{ migrations: boolean; tables: number; extension: boolean }[]>`
        select to_regclass('drizzle.__drizzle_migrations') is not null as migrations,
          (select count(*)::int from pg_tables where schemaname = 'public') as tables,
          exists (select 1 from pg_extension where extname = 'timescaledb') as extension`;
      expect(state).toEqual({ migrations: false, tables: 0, extension: false });
    } finally {
      await sql.end({ timeout: 5 });
    }
  });

  it('stop the same way where a database already has the extension and the preload was removed', async () => {
    const migrated = url.replace(/\/pulseboard$/, '/pulseboard_ts');
    pg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    start('timescaledb');
    try {
      await ensureDatabase(migrated);
      await runMigrations(migrated);
    } finally {
      pg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      start('');
    }
    // Without the preload, any read of that database's hypertables would end the session (FATAL).
    await expect(runMigrations(migrated)).rejects.toThrow(
      /^TimescaleDB is installed .* add timescaledb to shared_preload_libraries .*restart PostgreSQL/,
    );
  });

  it('`npm run db:migrate` prints that line alone and exits 78 instead of hanging', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'db/migrate.ts'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('close', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect({ code, stdout }).toEqual({ code: 78, stdout: '' });
    expect(stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^migrate: TimescaleDB is installed .* shared_preload_libraries .* restart/),
    ]);
  });
});
