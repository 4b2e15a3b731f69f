import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { createDb, createSql, type Db, type Sql } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { testPostgresUrl } from './global-setup';

export type TestDatabase = { url: string; sql: Sql; db: Db; drop: () => Promise<void> };

/**
 * A fresh, migrated database on the real PostgreSQL of TEST_DATABASE_URL (the local one by default; npm test
 * runs the database-facing files again on TimescaleDB), named after this process so a crash is cleaned up.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `pb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  // A server whose default zone is not UTC, and half an hour off it: SQL that leans on the session's zone
  // for a day, hour or bin boundary answers differently here (a server installed under a local TZ).
  await admin.unsafe(`alter database "${name}" set timezone to 'Asia/Kolkata'`);
  await admin.end();
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  const sql = createSql(url.toString(), { max: 8, appName: 'pulseboard-test' });
  return {
    url: url.toString(),
    sql,
    db: createDb(sql),
    async drop() {
      await sql.end({ timeout: 5 });
      const again = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists "${name}" with (force)`);
      await again.end();
    },
  };
}

/** A Redis key prefix of its own for one test file. */
export function testRedisPrefix(): string {
  return `pbtest-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A Redis connection once ioredis calls it ready. Between connecting and ready (its CLIENT SETINFO and
 * ready check), ioredis writes a SUBSCRIBE at once; the reply puts the connection in subscriber mode, the
 * ready check's INFO is then refused and the connection starts over, dropping what was published
 * meanwhile. Subscribe on a ready connection, or synchronously after creating it (queued until ready).
 */
export async function readyRedis(): Promise<Redis> {
  const redis = new Redis(testRedisUrl, { lazyConnect: true });
  await redis.connect();
  return redis;
}
