import postgres from 'postgres';

export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Drops databases left by earlier runs that crashed before their own clean-up. With TEST_EXPECT_TIMESCALEDB=1
 * (npm test's TimescaleDB pass) it first checks that the server has the extension, so that pass never runs
 * on plain PostgreSQL unnoticed.
 */
export default async function setup(): Promise<void> {
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
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
