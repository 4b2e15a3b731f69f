import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInMetrics } from '@/lib/metrics/definitions';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import type { CleanEvent, IngestBatchJob } from '@/contracts/jobs';
import { processBatch } from './ingest/process-batch';
import { rollUp } from './rollup';

// Backfilled and late events into a range TimescaleDB has already compressed (npm test's second pass; on
// plain PostgreSQL the same writes go to plain tables): stored once, counted once, rollups following.
let tdb: TestDatabase;
let timescale = false;
beforeAll(async () => {
  tdb = await createTestDatabase();
  const [row] = await tdb.sql<{ n: number }[]>`
    select count(*)::int as n from pg_extension where extname = 'timescaledb'`;
  timescale = row?.n === 1;
});
afterAll(async () => {
  await tdb.drop();
});

const minuteMs = 60_000;
const options = { latenessMs: 300_000, metrics: builtInMetrics };
// 10 days ago, 10:00 UTC: past both compression ages (7 and 2 days), inside both retentions.
const hour = Math.floor((Date.now() - 10 * 86_400_000) / 86_400_000) * 86_400_000 + 10 * 3_600_000;
const job = (events: CleanEvent[], backfill: boolean): IngestBatchJob => ({
  source: 'history',
  keyId: 'k',
  backfill,
  receivedAt: Date.now(),
  events,
});
/** `n` events `prefix0..` spread over the first three minutes of the hour, value = index. */
const events = (prefix: string, n: number, type = 'bf'): CleanEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    type,
    ts: hour + (i % 3) * minuteMs + i * 7,
    value: i,
  }));

async function counts(type: string) {
  const [row] = await tdb.sql<{ stored: number; keys: number; late: number; points: number; sum: number }[]>`
    select (select count(*)::int from events where type = ${type}) as stored,
      (select count(distinct (source, id))::int from events where type = ${type}) as keys,
      (select count(*)::int from events where type = ${type} and late) as late,
      (select coalesce(sum(count), 0)::int from metric_points
        where metric = 'events' and dims->>'type' = ${type}) as points,
      (select coalesce(sum(sum), 0)::float8 from metric_points
        where metric = 'events' and dims->>'type' = ${type}) as sum`;
  return row;
}

async function rollups(table: 'metric_rollups_1m' | 'metric_rollups_1h', type: string) {
  const rows = await tdb.sql<{ b: string; n: number }[]>`
    select to_char(bucket at time zone 'UTC', 'HH24:MI') as b, sum(count)::int as n from ${tdb.sql(table)}
    where metric = 'events' and dims->>'type' = ${type} group by 1 order by 1`;
  return rows.map((r) => [r.b, r.n]);
}

describe('backfilled and late events into compressed chunks', () => {
  it('are stored and counted once, by inserts and upserts into the compressed chunks, and the rollups follow', async () => {
    const first = events('a', 90);
    await processBatch(tdb.sql, [job(first, true)], options);
    await rollUp(tdb.sql, { windowMs: 420_000 });
    expect(await rollups('metric_rollups_1m', 'bf')).toEqual([
      ['10:00', 30],
      ['10:01', 30],
      ['10:02', 30],
    ]);

    if (timescale) {
      for (const table of ['events', 'metric_points']) {
        const chunks = await tdb.sql<{ c: string }[]>`
          select c::text from show_chunks(${table}::regclass, older_than => now() - interval '5 days') c`;
        for (const { c } of chunks) {
          // The migrations' compression policy may compress the same chunk meanwhile, in the background.
          await tdb.sql`select compress_chunk(${c}::regclass, if_not_compressed => true)`.catch(
            (error: unknown) => {
              if (!/is already compressed/.test(String(error))) throw error;
            },
          );
        }
      }
      const at = new Date(hour).toISOString();
      const status = await tdb.sql<{ table: string; compressed: boolean }[]>`
        select hypertable_name as table, is_compressed as compressed from timescaledb_information.chunks
        where hypertable_name in ('events', 'metric_points') and range_start <= ${at} and range_end > ${at}
        order by 1`;
      expect(status).toEqual([
        { table: 'events', compressed: true },
        { table: 'metric_points', compressed: true },
      ]);
    }

    // New history, a third of the first batch again (another source forwarding it), and the whole batch
    // retried: each event counts once, in the compressed seconds the first batch already has points in.
    const second = events('b', 60);
    const again = first.filter((_, i) => i % 3 === 0);
    await processBatch(tdb.sql, [job([...second, ...again], true)], options);
    await processBatch(tdb.sql, [job(second, true), job(first.slice(0, 10), true)], options);
    // A late event from a key without backfill: stored and flagged, counted only in late_events.
    const late = [{ id: 'late1', type: 'bf-late', ts: hour + 30_000 }];
    await processBatch(tdb.sql, [job(late, false)], options);
    await processBatch(tdb.sql, [job(late, false)], options);
    await rollUp(tdb.sql, { windowMs: 420_000 });

    const exactSum = (89 * 90) / 2 + (59 * 60) / 2;
    expect(await counts('bf')).toEqual({ stored: 150, keys: 150, late: 0, points: 150, sum: exactSum });
    expect(await counts('bf-late')).toEqual({ stored: 1, keys: 1, late: 1, points: 0, sum: 0 });
    expect(await rollups('metric_rollups_1m', 'bf')).toEqual([
      ['10:00', 50],
      ['10:01', 50],
      ['10:02', 50],
    ]);
    expect(await rollups('metric_rollups_1h', 'bf')).toEqual([['10:00', 150]]);
    const [lateCount] = await tdb.sql<{ n: number }[]>`
      select coalesce(sum(count), 0)::int as n from metric_points
      where metric = 'late_events' and dims->>'type' = 'bf-late'`;
    expect(lateCount?.n).toBe(1);
  });
});
