import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dedupKeyOf } from '@/contracts/ingest-partition';
import { builtInMetrics } from '@/lib/metrics/definitions';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import type { CleanEvent, IngestBatchJob } from '@/contracts/jobs';
import { processBatch } from './ingest/process-batch';
import { purgeEventKeys } from './maintenance';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

const job = (events: CleanEvent[]): IngestBatchJob => ({
  source: 'shop',
  keyId: 'k',
  backfill: false,
  receivedAt: Date.now(),
  events,
});
const keysLeft = async () =>
  Number((await tdb.sql<{ n: string }[]>`select count(*)::text as n from event_keys`)[0]?.n);

describe('purgeEventKeys', () => {
  it('deletes every key past the horizon, in several statements, and only those; an expired key counts again', async () => {
    // 25,000 keys seen 25 to 32 h ago (three statements' worth), 500 within the horizon, interleaved on disk.
    const again = (n: number): CleanEvent => ({ id: `k${n}`, type: 'again', ts: Date.now() });
    const keyOf = (n: number) => dedupKeyOf(again(n), 'shop');
    await tdb.sql`
      insert into event_keys (key, seen_at)
      select ${keyOf(0).slice(0, -1)} || n,
        case when n % 51 = 0 then now() - interval '23 hours' else now() - interval '25 hours' - n * interval '1 second' end
      from generate_series(1, 25500) n`;
    const recent = Number(
      (
        await tdb.sql<
          { n: string }[]
        >`select count(*)::text as n from event_keys where seen_at > now() - interval '24 hours'`
      )[0]?.n,
    );
    expect(recent).toBe(500);

    expect(await purgeEventKeys(tdb.sql, 24)).toBe(25_000);
    expect(await keysLeft()).toBe(500);
    expect(await tdb.sql`select key from event_keys where seen_at < now() - interval '24 hours'`).toEqual([]);
    expect(await purgeEventKeys(tdb.sql, 24)).toBe(0);

    // Sent again: the expired id is a new event, the one within the horizon a duplicate.
    expect(await tdb.sql`select 1 from event_keys where key = ${keyOf(51)}`).toHaveLength(1);
    const outcome = await processBatch(tdb.sql, [job([again(1), again(51)])], {
      latenessMs: 300_000,
      metrics: builtInMetrics,
    });
    expect(outcome).toMatchObject({ stored: 1, duplicates: 1 });
  });
});
