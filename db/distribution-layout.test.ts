import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '@/db/migrate';
import { builtInMetrics } from '@/lib/metrics/definitions';
import { testPostgresUrl } from '@/test/global-setup';
import { processBatch } from '@/workers/ingest/process-batch';

/**
 * events and event_keys laid out for a distributed PostgreSQL: both carry the de-duplication key (`key`),
 * and every unique index contains it, which Citus (create_distributed_table) and TimescaleDB space
 * partitioning (add_dimension by_hash) require of the distribution column. Run on plain PostgreSQL and,
 * in npm test's second pass, on TimescaleDB (TEST_DATABASE_URL), where the dimension is added for real.
 */

const name = `pb_test_layout_${process.pid}`;
const url = new URL(testPostgresUrl);
url.pathname = `/${name}`;
const admin = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
let sql: postgres.Sql;
let timescale = false;
const folders: string[] = [];

/** The migrations up to (not including) `upTo`, as a folder of their own. */
function migrationsBefore(upTo: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pb-migrations-'));
  folders.push(dir);
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag.startsWith(upTo));
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

async function addHashDimension(): Promise<string> {
  return sql`select add_dimension('events', by_hash('key', 4))`.then(
    () => 'added',
    (error: Error) => error.message,
  );
}

beforeAll(async () => {
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const [row] = await sql<{ available: boolean }[]>`
    select exists (select 1 from pg_available_extensions where name = 'timescaledb') as available`;
  timescale = row?.available ?? false;
});

afterAll(async () => {
  await sql?.end({ timeout: 5 });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('events and event_keys for a distributed PostgreSQL', () => {
  it('gives stored events their de-duplication key, and takes a hash dimension on it only from migration 0014 on', async () => {
    await migrate(drizzle(sql), { migrationsFolder: migrationsBefore('0014_') });
    if (timescale) expect(await addHashDimension()).toMatch(/column "key" does not exist/);
    await sql`insert into events (ts, received_at, source, id, type, dedup_key) values
      (now(), now(), 'web', 'e1', 'view', null),
      (now(), now(), 'payments', 'p1', 'purchase', 'order-7')`;

    await migrate(drizzle(sql), { migrationsFolder });
    expect(await sql`select source, key from events order by source`).toEqual([
      { source: 'payments', key: 'k:order-7' },
      { source: 'web', key: 'i:web:e1' },
    ]);
    // The same type and byte-wise collation as event_keys.key: one value, one hash, one shard.
    const columns = await sql<{ table: string; nullable: string; collation: string }[]>`
      select table_name as table, is_nullable as nullable, collation_name as collation
      from information_schema.columns where column_name = 'key' and table_name in ('events', 'event_keys')
      order by table_name`;
    expect(columns).toEqual([
      { table: 'event_keys', nullable: 'NO', collation: 'C' },
      { table: 'events', nullable: 'NO', collation: 'C' },
    ]);
    if (timescale) {
      // A hypertable with data refuses a new dimension; a fresh deployment adds it before the first event.
      await sql`delete from events`;
      expect(await addHashDimension()).toBe('added');
    }
  });

  it('stores each ingested event with the same key as its event_keys row (one shard for both)', async () => {
    const ts = Date.now();
    const events = [
      { id: 'w1', type: 'layout', ts },
      { id: 'w2', type: 'layout', ts, dedupKey: 'order-9' },
    ];
    await processBatch(sql, [{ source: 'shop', keyId: 'k', backfill: false, receivedAt: ts, events }], {
      latenessMs: 300_000,
      metrics: builtInMetrics,
    });
    const joined = await sql<{ id: string; key: string }[]>`
      select e.id, e.key from events e join event_keys k on k.key = e.key where e.type = 'layout'
      order by e.id`;
    expect(joined).toEqual([
      { id: 'w1', key: 'i:shop:w1' },
      { id: 'w2', key: 'k:order-9' },
    ]);
  });

  it('has the distribution column in every unique index and primary key of events and event_keys', async () => {
    const unique = await sql<{ table: string; index: string; columns: string[] }[]>`
      select c.relname as table, i.relname as index,
        array(select a.attname::text from unnest(x.indkey) k join pg_attribute a
              on a.attrelid = x.indrelid and a.attnum = k) as columns
      from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
      where x.indisunique and c.relname in ('events', 'event_keys')
        and c.relnamespace = 'public'::regnamespace`;
    expect(unique.length).toBeGreaterThan(0);
    for (const index of unique) expect(index.columns, `${index.table}.${index.index}`).toContain('key');
  });
});
