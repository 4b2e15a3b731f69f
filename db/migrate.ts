import path from 'node:path';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { assertTimescalePreloaded, TimescaleNotPreloadedError } from './timescale';

export const migrationsFolder = path.join(import.meta.dirname, 'migrations');

/**
 * Applies the named migrations; TimescaleDB steps inside them are skipped where the extension is absent.
 * Throws {@link TimescaleNotPreloadedError} first where it is installed but not preloaded.
 */
export async function runMigrations(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await assertTimescalePreloaded(sql);
    await migrate(drizzle(sql), { migrationsFolder });
  } finally {
    // A timeout: postgres.js's end() never settles after the server ends a session mid-transaction (FATAL).
    await sql.end({ timeout: 5 });
  }
}

/** Creates the database named in the URL when it does not exist (connecting to `postgres` to do so). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

if (process.argv[1] === import.meta.filename) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required');
    process.exit(78);
  }
  try {
    await ensureDatabase(url);
    await runMigrations(url);
  } catch (error) {
    // One line, never a hang or a silent exit: 78 (EX_CONFIG) for a server to reconfigure.
    console.error(`migrate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof TimescaleNotPreloadedError ? 78 : 1);
  }
  console.log('migrations applied');
}
