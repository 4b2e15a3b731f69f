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

// The same migrations on both test engines (TEST_DATABASE_URL): plain PostgreSQL keeps plain tables without
// errors; a server with TimescaleDB preloaded gets both hypertables and their policies.
let database: TestDatabase;
let timescale = false;

beforeAll(async () => {
  database = await createTestDatabase();
  const [row] = await database.sql<{ available: boolean }[]>`
    select exists (select 1 from pg_available_extensions where name = 'timescaledb') as available`;
  timescale = row?.available ?? false;
});

afterAll(async () => {
  await database.drop();
});

describe('migrations', () => {
  it('records every migration', async () => {
    const applied = await database.sql<{ n: number }[]>`
      select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(applied).toEqual([{ n: migrationCount }]);
  });

  it('creates events and metric_points as plain tables without the extension, hypertables with it', async () => {
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
    expect(extensions).toHaveLength(timescale ? 1 : 0);
    const status = await getTimescaleStatus(database.sql);
    expect({ ...status, version: status.version?.split('.')[0] ?? null }).toEqual(
      timescale
        ? { version: '2', license: 'timescale', hypertables: ['events', 'metric_points'], active: true }
        : { version: null, license: null, hypertables: [], active: false },
    );
  });

  it('applies TimescaleDB policies where it manages the tables; elsewhere the workers must delete old rows', async () => {
    expect(await applyTimescalePolicies(database.sql)).toBe(timescale);
    expect(await applyTimescalePolicies(database.sql, { eventsRetentionDays: 14 })).toBe(timescale);
    await expect(applyTimescalePolicies(database.sql, { pointsRetentionDays: 0 })).rejects.toThrow(
      RangeError,
    );
    if (!timescale) return;
    const jobs = await database.sql<{ table: string; proc: string; after: string }[]>`
      select hypertable_name as table, proc_name as proc,
        coalesce(config->>'drop_after', config->>'compress_after') as after
      from timescaledb_information.jobs where hypertable_name is not null order by 1, 2`;
    expect(jobs).toEqual([
      { table: 'events', proc: 'policy_compression', after: '7 days' },
      { table: 'events', proc: 'policy_retention', after: '14 days' },
      { table: 'metric_points', proc: 'policy_compression', after: '2 days' },
      { table: 'metric_points', proc: 'policy_retention', after: '90 days' },
    ]);
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

  it('0018 takes the ids of channels deleted before it out of rules and policy steps, in order', async () => {
    const { sql } = database;
    const [kept] = await sql<{ id: string }[]>`
      insert into channels (name, type, secrets) values ('kept', 'webhook', '') returning id`;
    const gone = '00000000-0000-4000-8000-0000000000aa';
    const [rule] = await sql<{ id: string }[]>`
      insert into rules (name, kind, metric, params, channel_ids)
      values ('old', 'threshold', 'events', '{}', ${JSON.stringify([gone, kept!.id])}::jsonb) returning id`;
    const [policy] = await sql<{ id: string }[]>`
      insert into notification_policies (name, steps)
      values ('old', ${JSON.stringify([
        { afterMinutes: 0, channelIds: [kept!.id, gone] },
        { afterMinutes: 5, channelIds: [gone] },
      ])}::jsonb) returning id`;
    await sql.unsafe(
      readFileSync(
        new URL('./migrations/0018_detach_deleted_channels.sql', import.meta.url),
        'utf8',
      ).replaceAll('--> statement-breakpoint', ''),
    );
    const [after] = await sql<
      { channel_ids: string[] }[]
    >`select channel_ids from rules where id = ${rule!.id}`;
    expect(after!.channel_ids).toEqual([kept!.id]);
    const [steps] = await sql<
      { steps: unknown }[]
    >`select steps from notification_policies where id = ${policy!.id}`;
    expect(steps!.steps).toEqual([
      { afterMinutes: 0, channelIds: [kept!.id] },
      { afterMinutes: 5, channelIds: [] },
    ]);
  });

  it('treats a second run as a no-op', async () => {
    await runMigrations(database.url);
    const applied = await database.sql<{ n: number }[]>`
      select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(applied).toEqual([{ n: migrationCount }]);
  });
});
