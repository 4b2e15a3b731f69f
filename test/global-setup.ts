import { Redis } from 'ioredis';
import postgres from 'postgres';

export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Drops databases and Redis keys left by earlier runs' test processes that are gone (keys after every run:
 * queues' repeatable jobs and meta outlive a test file). With TEST_EXPECT_TIMESCALEDB=1 (npm test's
 * TimescaleDB pass) it first checks that the server has the extension, so that pass never runs on plain
 * PostgreSQL unnoticed. The teardown sweeps the keys again, once this run's test processes have ended.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const sql = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
  try {
    if (process.env.TEST_EXPECT_TIMESCALEDB === '1') {
      const [row] = await sql<{ loaded: boolean }[]>`
        select exists (select 1 from pg_settings where name = 'timescaledb.disable_load') as loaded`;
      if (!row?.loaded)
        throw new Error(`TEST_EXPECT_TIMESCALEDB=1, but ${testPostgresUrl} has no TimescaleDB`);
    }
    const stale = await sql<{ datname: string }[]>`
      select datname from pg_database where datname like 'pb_test_%'`;
    for (const { datname } of stale) {
      const pid = Number(datname.split('_')[2]);
      if (Number.isFinite(pid) && processAlive(pid)) continue;
      await sql.unsafe(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await sql.end();
  }
  await sweepRedisKeys();
  return sweepRedisKeys;
}

/** Deletes the keys under test prefixes (`pbtest-<pid>-…`, test/db.ts) of processes no longer running. */
async function sweepRedisKeys(): Promise<void> {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'pbtest-*', 'COUNT', 1000);
      cursor = next;
      const stale = keys.filter((key) => {
        const pid = Number(/^pbtest-(\d+)-/.exec(key)?.[1]);
        return Number.isFinite(pid) && pid > 0 && !processAlive(pid);
      });
      if (stale.length > 0) await redis.del(...stale);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
