import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '@/db/migrate';
import { applyTimescalePolicies, getTimescaleStatus } from '@/db/timescale';
import { createTestDatabase, type TestDatabase } from '@/test/db';

const migrationCount = (
  JSON.parse(readFileSync(new URL('./migrations/meta/_journal.json', import.meta.url), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

// The local PostgreSQL has no TimescaleDB: migration 0001 must leave plain tables behind, without errors.
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

describe('migrations on plain PostgreSQL', () => {
  it('records every migration', async () => {
    const applied = await database.sql<{ n: number }[]>`
      select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(applied).toEqual([{ n: migrationCount }]);
  });

  it('creates events and metric_points as plain tables, without the extension', async () => {
    const tables = await database.sql<{ relname: string; relkind: string }[]>`
      select relname, relkind from pg_class
      where relnamespace = 'public'::regnamespace and relname in ('events', 'metric_points', 'users')
      order by relname`;
    expect(tables).toEqual([
      { relname: 'events', relkind: 'r' },
      { relname: 'metric_points', relkind: 'r' },
      { relname: 'users', relkind: 'r' },
    ]);
    const extensions = await database.sql`select 1 from pg_extension where extname = 'timescaledb'`;
    expect(extensions).toHaveLength(0);
    expect(await getTimescaleStatus(database.sql)).toEqual({
      version: null,
      license: null,
      hypertables: [],
      active: false,
    });
  });

  it('reports that TimescaleDB policies cannot apply, so the workers must delete old rows', async () => {
    expect(await applyTimescalePolicies(database.sql)).toBe(false);
    expect(await applyTimescalePolicies(database.sql, { eventsRetentionDays: 14 })).toBe(false);
    await expect(applyTimescalePolicies(database.sql, { pointsRetentionDays: 0 })).rejects.toThrow(
      RangeError,
    );
  });

  it('upserts metric points on the (metric, group_key, bucket) key', async () => {
    // An ISO string, not a Date: createDb() makes postgres.js pass timestamps through unserialized.
    const bucket = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    for (const [count, sum] of [
      [2, 10],
      [3, 5],
    ] as const) {
      await database.sql`
        insert into metric_points (metric, group_key, dims, bucket, count, sum)
        values ('orders', '{}', '{}', ${bucket}, ${count}, ${sum})
        on conflict (metric, group_key, bucket) do update set
          count = metric_points.count + excluded.count, sum = metric_points.sum + excluded.sum`;
    }
    const rows =
      await database.sql`select count::int as count, sum from metric_points where metric = 'orders'`;
    expect(rows).toEqual([{ count: 5, sum: 15 }]);
  });

  it('treats a second run as a no-op', async () => {
    await runMigrations(database.url);
    const applied = await database.sql<{ n: number }[]>`
      select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(applied).toEqual([{ n: migrationCount }]);
  });
});
