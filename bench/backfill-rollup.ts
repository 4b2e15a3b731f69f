// `npx tsx bench/backfill-rollup.ts` (or `BENCH_ONLY=backfill npm run bench`): backfills N days of
// 1-second events of one type through the worker's own ingest code (processBatch, as a backfill key's
// jobs), then runs the worker's rollup (rollUp) until every backfilled minute is rolled up, and prints
// minutes of history rolled up per second. Env: BENCH_BACKFILL_DAYS (3), BENCH_PG (the local PostgreSQL;
// postgres://postgres@127.0.0.1:5433 for TimescaleDB), BENCH_BACKFILL_MAX_SECONDS (600: stop the rollup
// there and report the rate so far).
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createSql } from '@/db/client';
import { ensureDatabase, runMigrations } from '@/db/migrate';
import { builtInMetrics } from '@/lib/metrics/definitions';
import { processBatch } from '@/workers/ingest/process-batch';
import { rollUp } from '@/workers/rollup';

export type BackfillRollupResult = {
  days: number;
  events: number;
  ingestSeconds: number;
  rollupSeconds: number;
  minutesRolledUp: number;
  minutesPerSecond: number;
  complete: boolean;
  /** Events the 1-minute and 1-hour rollups count: all of them once the rollup is complete. */
  eventsIn1m: number;
  eventsIn1h: number;
};

export async function benchBackfillRollup(options: {
  pgBase: string;
  days: number;
  maxSeconds: number;
}): Promise<BackfillRollupResult> {
  const url = `${options.pgBase}/pb_bench_backfill_${process.pid}${randomBytes(2).toString('hex')}`;
  await ensureDatabase(url);
  await runMigrations(url);
  const sql = createSql(url, { max: 4, appName: 'pulseboard-bench-backfill' });
  try {
    // History ending 2 days ago: older than the allowed lateness, inside every retention horizon.
    const end = Math.floor((Date.now() - 2 * 86_400_000) / 3_600_000) * 3_600_000;
    const start = end - options.days * 86_400_000;
    const receivedAt = Date.now();
    let events = 0;
    const ingestStarted = performance.now();
    for (let hour = start; hour < end; hour += 3_600_000) {
      const batch = Array.from({ length: 3600 }, (_, s) => ({
        id: `bf-${hour + s * 1000}`,
        type: 'imported',
        ts: hour + s * 1000,
        value: Math.sin((hour + s * 1000) / 600_000) * 10 + 50,
      }));
      await processBatch(
        sql,
        [{ source: 'bench', keyId: 'bench-backfill', backfill: true, receivedAt, events: batch }],
        { latenessMs: 300_000, metrics: builtInMetrics },
      );
      events += batch.length;
    }
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    const dirtyLeft = async () =>
      Number((await sql<{ n: string }[]>`select count(*)::text as n from rollup_dirty`)[0]?.n ?? 0);
    const dirtyBefore = await dirtyLeft();
    const rollupStarted = performance.now();
    let complete = false;
    while ((performance.now() - rollupStarted) / 1000 < options.maxSeconds) {
      // The worker's own job, called back to back (the maintenance queue schedules it every 5 s).
      await rollUp(sql, { windowMs: 420_000 });
      if ((await dirtyLeft()) === 0) {
        complete = true;
        break;
      }
    }
    const rollupSeconds = (performance.now() - rollupStarted) / 1000;
    const minutesRolledUp = dirtyBefore - (await dirtyLeft());
    // What the rollups hold, so a fast run is also a correct one.
    const [held] = await sql<{ m: string; h: string }[]>`
      select (select coalesce(sum(count), 0)::text from metric_rollups_1m
                where metric = 'events' and dims->>'type' = 'imported') as m,
             (select coalesce(sum(count), 0)::text from metric_rollups_1h
                where metric = 'events' and dims->>'type' = 'imported') as h`;
    return {
      days: options.days,
      events,
      ingestSeconds,
      rollupSeconds,
      minutesRolledUp,
      minutesPerSecond: minutesRolledUp / rollupSeconds,
      complete,
      eventsIn1m: Number(held?.m ?? 0),
      eventsIn1h: Number(held?.h ?? 0),
    };
  } finally {
    await sql.end({ timeout: 5 });
    const admin = postgres(`${options.pgBase}/postgres`, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`);
    await admin.end();
  }
}

export function formatBackfillRollup(r: BackfillRollupResult): string {
  const state = r.complete ? 'all rolled up' : `stopped after ${r.rollupSeconds.toFixed(0)} s`;
  return [
    `backfill ${r.days} d of 1-second data (${r.events} events): ingest ${r.ingestSeconds.toFixed(1)} s`,
    `rollup of backfilled history: ${r.minutesRolledUp} minutes in ${r.rollupSeconds.toFixed(1)} s = ` +
      `${r.minutesPerSecond.toFixed(0)} minutes of history per second (${state}); ` +
      `a 30-day month at this rate: ${((30 * 1440) / r.minutesPerSecond / 60).toFixed(1)} min`,
    `events counted by the 1-minute rollups: ${r.eventsIn1m}, by the 1-hour rollups: ${r.eventsIn1h}`,
  ].join('\n');
}

if (process.argv[1] === import.meta.filename) {
  const result = await benchBackfillRollup({
    pgBase: process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432',
    days: Number(process.env.BENCH_BACKFILL_DAYS ?? 3),
    maxSeconds: Number(process.env.BENCH_BACKFILL_MAX_SECONDS ?? 600),
  });
  console.log(formatBackfillRollup(result));
}
