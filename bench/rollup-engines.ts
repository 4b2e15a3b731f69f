// `npx tsx bench/rollup-engines.ts`: worker rollups against TimescaleDB continuous aggregates (issue 22),
// measured in one run on a fresh database of the TimescaleDB server, dropped at the end.
//
// Data: BENCH_ROLLUP_HOURS (24) of dense 1-second points for a count/sum/min/max metric (10 types × 2
// sources = 20 series, a point every second each), BENCH_ROLLUP_HISTORY_DAYS (6) of sparse history before
// it (one point per minute and series, so the 1-minute and 1-hour tables hold as many rows as for dense
// data and a 7-day read touches a full week), and two sketch metrics over the dense hours (a DDSketch metric
// and a HyperLogLog metric, 2 series each). Then, in order:
//   (a) the workers' rollup (workers/rollup.ts rollUp, the real function) of the dense hours, without and
//       then with the sketch metrics;
//   (b) a continuous aggregate over metric_points (count/sum/min/max, 1 minute, real-time aggregation on)
//       and a hierarchical one for 1 hour on it: refresh_continuous_aggregate over the same hours;
//   steady state, BENCH_ROLLUP_REPS (5) times with the count metric alone, then as often with the sketch
//       metrics too: insert 1 minute of new points, run the worker's periodic rollUp (7-minute window, as
//       the maintenance job every 5 s) and refresh the caggs (1 m over the same 7 minutes, 1 h over the
//       last complete hour, as a policy would);
//   (c) the series query (metric-series.ts's SQL: 24 h at 1 m and 7 d at 1 h, grouped by `type`) on the
//       worker tables and on the caggs, with 1 minute not yet materialized and after the refresh, 3 times
//       per rep; medians.
// Storage: pg_total_relation_size of the worker tables, hypertable_size of the caggs' materializations.
// The database's TimescaleDB background jobs (compression, policies) are paused for the run.
// Env: BENCH_PG (postgres://postgres@127.0.0.1:5433), BENCH_ROLLUP_HOURS, BENCH_ROLLUP_HISTORY_DAYS,
// BENCH_ROLLUP_REPS.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createSql, type Sql } from '@/db/client';
import { ensureDatabase, runMigrations } from '@/db/migrate';
import { getTimescaleStatus } from '@/db/timescale';
import { DDSketch, HyperLogLog } from '@/lib/sketches';
import { rollUp } from '@/workers/rollup';

const minuteMs = 60_000;
const hourMs = 3_600_000;
const dayMs = 86_400_000;

const pgBase = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5433';
const hours = Number(process.env.BENCH_ROLLUP_HOURS ?? 24);
const historyDays = Number(process.env.BENCH_ROLLUP_HISTORY_DAYS ?? 6);
const reps = Number(process.env.BENCH_ROLLUP_REPS ?? 5);
const readsPerRep = 3;

const iso = (ms: number) => new Date(ms).toISOString();
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const mib = (bytes: number) => (bytes / 1048576).toFixed(1);

/** The count metric's 20 series (group_key canonical as groupKeyOf) at every `step` of [from, to). */
async function fillCounts(sql: Sql, from: number, to: number, step: string): Promise<void> {
  for (let h = from; h < to; h += hourMs) {
    await sql`
      insert into metric_points (metric, group_key, dims, bucket, count, sum, min, max)
      select 'bench_events', g.k, g.k::jsonb, ts, x.c, x.c * x.v, x.v - 1 - x.c % 5, x.v + 1 + x.c % 7
      from (select format('{"source":"s%s","type":"t%s"}', s, t) as k, s * 10 + t as i
            from generate_series(0, 1) s, generate_series(0, 9) t) g,
        generate_series(${iso(h)}::timestamptz, ${iso(Math.min(h + hourMs, to) - 1000)}::timestamptz,
          ${step}::interval) ts,
        lateral (select 1 + ((extract(epoch from ts)::int8 * 7 + g.i * 13) % 20)::int as c,
                        50 + 20 * sin(extract(epoch from ts) / 600 + g.i) as v) x`;
  }
}

/** Two sketch metrics (p95 via DDSketch, distinct via HLL), 2 series each, a point every second. */
async function fillSketches(sql: Sql, from: number, to: number): Promise<void> {
  const ddPool: string[] = [];
  const hllPool: string[] = [];
  for (let i = 0; i < 64; i++) {
    const values = Array.from({ length: 5 }, (_, j) => 20 + ((i * 37 + j * 11) % 180));
    ddPool.push(Buffer.from(DDSketch.fromValues(values).serialize()).toString('base64'));
    const hll = new HyperLogLog();
    for (let j = 0; j < 5; j++) hll.add(`user-${(i * 5 + j) % 300}`);
    hllPool.push(Buffer.from(hll.serialize()).toString('base64'));
  }
  for (let h = from; h < to; h += hourMs) {
    const range = sql`generate_series(${iso(h)}::timestamptz, ${iso(Math.min(h + hourMs, to) - 1000)}::timestamptz, '1 second') ts`;
    await sql`
      insert into metric_points (metric, group_key, dims, bucket, count, sum, min, max, sketch)
      select 'bench_latency', g.k, g.k::jsonb, ts, 5, 500, 20, 199,
        decode((${ddPool}::text[])[1 + (extract(epoch from ts)::int8 % 64)::int], 'base64')
      from (values ('{"type":"checkout"}'), ('{"type":"search"}')) g(k), ${range}`;
    await sql`
      insert into metric_points (metric, group_key, dims, bucket, count, sum, min, max, hll)
      select 'bench_users', g.k, g.k::jsonb, ts, 5, 0, null, null,
        decode((${hllPool}::text[])[1 + (extract(epoch from ts)::int8 % 64)::int], 'base64')
      from (values ('{"type":"checkout"}'), ('{"type":"search"}')) g(k), ${range}`;
  }
}

/** rollUp over exactly [from, to): its window ends at the minute after `now`. */
const rollUpRange = (sql: Sql, from: number, to: number) =>
  rollUp(sql, { now: to - minuteMs, windowMs: to - minuteMs - from });

const refresh = (sql: Sql, view: string, from: number, to: number) =>
  sql.unsafe(`call refresh_continuous_aggregate('${view}', '${iso(from)}', '${iso(to)}')`);

/** metric-series.ts's count/sum/min/max query, on any table or view of the same columns. */
async function seriesQuery(sql: Sql, table: string, step: string, from: number, to: number) {
  return sql<{ t: string; g: Record<string, string>; count: string }[]>`
    select to_char(date_bin(${step}::interval, bucket, timestamptz '2000-01-01')
             at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as t,
           jsonb_build_object('type'::text, dims->>'type'::text) as g,
           sum(count)::text as count, sum(sum) as sum, min(min) as min, max(max) as max
    from ${sql(table)}
    where metric = 'bench_events' and bucket >= ${iso(from)}::timestamptz and bucket <= ${iso(to)}::timestamptz
    group by 1, 2
    order by 2, 1`;
}
const total = (rows: { count: string }[]) => rows.reduce((n, r) => n + Number(r.count), 0);

async function main(): Promise<void> {
  const name = `pb_bench_rollup_${process.pid}${randomBytes(2).toString('hex')}`;
  const url = `${pgBase}/${name}`;
  await ensureDatabase(url);
  const sql = createSql(url, { max: 2, appName: 'pulseboard-bench-rollup' });
  const log = (line: string) => console.log(line);
  try {
    await runMigrations(url);
    const status = await getTimescaleStatus(sql);
    if (!status.active) throw new Error(`${pgBase} has no active TimescaleDB (community license needed)`);
    await sql`select alter_job(job_id, scheduled => false) from timescaledb_information.jobs where job_id >= 1000`;

    // Everything in the past (a cagg's invalidation threshold never passes now()), whole hours (a 1-hour
    // cagg refreshes whole buckets only), the last minutes left free for the steady-state inserts.
    const denseEnd = Math.floor((Date.now() - (2 * reps + 2) * minuteMs) / hourMs) * hourMs;
    const denseStart = denseEnd - hours * hourMs;
    const historyStart = denseStart - historyDays * dayMs;

    const fillMs = await timed(async () => {
      await fillCounts(sql, historyStart, denseStart, '1 minute');
      await fillCounts(sql, denseStart, denseEnd, '1 second');
    });
    await sql`analyze metric_points`;
    const [pts] = await sql<{ n: string }[]>`select count(*)::text as n from metric_points`;
    log(
      `TimescaleDB ${status.version}; ${hours} h × 20 series of 1-second points + ${historyDays} d of ` +
        `1-per-minute history: ${pts?.n} rows in metric_points (filled in ${(fillMs / 1000).toFixed(1)} s)`,
    );

    // (a) worker rollups: history untimed-ish (reported), then the dense hours.
    const workerHistory = await timed(() => rollUpRange(sql, historyStart, denseStart));
    const workerCounts = await timed(() => rollUpRange(sql, denseStart, denseEnd));
    const workerRerun = await timed(() => rollUpRange(sql, denseStart, denseEnd));

    // (b) continuous aggregates, same data.
    await sql.unsafe(`
      create materialized view bench_cagg_1m
        with (timescaledb.continuous, timescaledb.materialized_only = false) as
      select metric, group_key, dims, time_bucket('1 minute', bucket) as bucket,
        sum(count)::int8 as count, sum(sum) as sum, min(min) as min, max(max) as max
      from metric_points group by metric, group_key, dims, time_bucket('1 minute', bucket)
      with no data`);
    await sql.unsafe(`
      create materialized view bench_cagg_1h
        with (timescaledb.continuous, timescaledb.materialized_only = false) as
      select metric, group_key, dims, time_bucket('1 hour', bucket) as bucket,
        sum(count)::int8 as count, sum(sum) as sum, min(min) as min, max(max) as max
      from bench_cagg_1m group by metric, group_key, dims, time_bucket('1 hour', bucket)
      with no data`);
    const caggHistory =
      (await timed(() => refresh(sql, 'bench_cagg_1m', historyStart, denseStart))) +
      (await timed(() => refresh(sql, 'bench_cagg_1h', historyStart, denseStart)));
    const cagg1m = await timed(() => refresh(sql, 'bench_cagg_1m', denseStart, denseEnd));
    const cagg1h = await timed(() => refresh(sql, 'bench_cagg_1h', denseStart, denseEnd));

    // Sketch metrics: the workers merge them; a cagg can only count them (its range is invalidated).
    // They stop 10 minutes before the dense hours do, so the first steady-state runs see counts only.
    await fillSketches(sql, denseStart, denseEnd - 10 * minuteMs);
    await sql`analyze metric_points`;
    const workerSketches = await timed(() => rollUpRange(sql, denseStart, denseEnd));
    const caggAfterSketches =
      (await timed(() => refresh(sql, 'bench_cagg_1m', denseStart, denseEnd))) +
      (await timed(() => refresh(sql, 'bench_cagg_1h', denseStart, denseEnd)));

    log('');
    log(`| (a)/(b) rolling up ${hours} h of 1-second points | worker rollUp | continuous aggregates |`);
    log('| --- | --- | --- |');
    log(
      `| count/sum/min/max metric, 20 series (1 m + 1 h) | ${ms(workerCounts)} ms | ${ms(cagg1m + cagg1h)} ms ` +
        `(1 m ${ms(cagg1m)} + 1 h ${ms(cagg1h)}) |`,
    );
    log(`| same range again, nothing changed | ${ms(workerRerun)} ms | — |`);
    log(
      `| + 2 DDSketch and 2 HLL series added to the range, recompute | ${ms(workerSketches)} ms (sketches merged) | ` +
        `${ms(caggAfterSketches)} ms (invalidated range; counts only, no sketches) |`,
    );
    log(`| ${historyDays} d of 1-per-minute history | ${ms(workerHistory)} ms | ${ms(caggHistory)} ms |`);

    // Steady state and reads.
    const wSteady: number[] = [];
    const wSteadySketches: number[] = [];
    const cSteady1m: number[] = [];
    const cSteady1h: number[] = [];
    const reads: Record<string, number[]> = {};
    const read = async (label: string, table: string, step: string, span: number, to: number) => {
      for (let i = 0; i < readsPerRep; i++) {
        const t = await timed(() => seriesQuery(sql, table, step, to - span, to));
        (reads[label] ??= []).push(t);
      }
    };
    let totals = '';
    // Runs 0..reps-1: the count metric only; runs reps..2·reps-1: the sketch metrics too.
    for (let r = 0; r < 2 * reps; r++) {
      const t = denseEnd + r * minuteMs;
      await fillCounts(sql, t, t + minuteMs, '1 second');
      if (r >= reps) await fillSketches(sql, t, t + minuteMs);
      const run = await timed(() => rollUp(sql, { windowMs: 420_000, now: t + minuteMs - 1 }));
      (r < reps ? wSteady : wSteadySketches).push(run);
      const to = t + minuteMs;
      await read('24 h @ 1 m: worker metric_rollups_1m', 'metric_rollups_1m', '60 seconds', dayMs, to);
      await read('7 d @ 1 h: worker metric_rollups_1h', 'metric_rollups_1h', '3600 seconds', 7 * dayMs, to);
      await read('24 h @ 1 m: cagg, newest minute real-time', 'bench_cagg_1m', '60 seconds', dayMs, to);
      await read('7 d @ 1 h: cagg, current hour real-time', 'bench_cagg_1h', '3600 seconds', 7 * dayMs, to);
      cSteady1m.push(await timed(() => refresh(sql, 'bench_cagg_1m', to - 7 * minuteMs, to)));
      const hour = Math.floor(to / hourMs) * hourMs;
      cSteady1h.push(await timed(() => refresh(sql, 'bench_cagg_1h', hour - hourMs, hour)));
      await read('24 h @ 1 m: cagg, all refreshed', 'bench_cagg_1m', '60 seconds', dayMs, to);
      if (r === 2 * reps - 1) {
        const w = total(await seriesQuery(sql, 'metric_rollups_1m', '60 seconds', to - 7 * dayMs, to));
        const c = total(await seriesQuery(sql, 'bench_cagg_1m', '60 seconds', to - 7 * dayMs, to));
        const wh = total(await seriesQuery(sql, 'metric_rollups_1h', '3600 seconds', to - 8 * dayMs, to));
        const ch = total(await seriesQuery(sql, 'bench_cagg_1h', '3600 seconds', to - 8 * dayMs, to));
        totals = `count totals: worker 1 m ${w}, cagg 1 m ${c}, worker 1 h ${wh}, cagg 1 h ${ch}`;
      }
    }
    log('');
    log(`| steady state: 1 new minute, median of ${reps} (caggs: of ${2 * reps}) | worker | caggs |`);
    log('| --- | --- | --- |');
    log(
      `| per run, count metric (20 series) | rollUp (7-minute window + its hour) ${ms(median(wSteady))} ms | ` +
        `refresh 1 m (7 minutes) ${ms(median(cSteady1m))} ms + 1 h (last complete hour) ` +
        `${ms(median(cSteady1h))} ms |`,
    );
    log(
      `| per run, + 4 sketch series | rollUp ${ms(median(wSteadySketches))} ms | — (sketches need the worker) |`,
    );
    log(
      `| per minute of data (worker job every 5 s; cagg policy every minute), count metric | ` +
        `${ms(12 * median(wSteady))} ms | ${ms(median(cSteady1m) + median(cSteady1h))} ms |`,
    );
    log('');
    log(`| (c) series query, grouped by type (10 series), median of ${2 * reps * readsPerRep} | ms |`);
    log('| --- | --- |');
    for (const [label, xs] of Object.entries(reads)) log(`| ${label} | ${ms(median(xs))} |`);
    log(totals);

    const [size] = await sql<{ w1m: string; w1h: string; c1m: string; c1h: string; pts: string }[]>`
      select pg_total_relation_size('metric_rollups_1m')::text as w1m,
             pg_total_relation_size('metric_rollups_1h')::text as w1h,
             (select hypertable_size(format('%I.%I', materialization_hypertable_schema,
                materialization_hypertable_name)::regclass)
              from timescaledb_information.continuous_aggregates where view_name = 'bench_cagg_1m')::text as c1m,
             (select hypertable_size(format('%I.%I', materialization_hypertable_schema,
                materialization_hypertable_name)::regclass)
              from timescaledb_information.continuous_aggregates where view_name = 'bench_cagg_1h')::text as c1h,
             hypertable_size('metric_points')::text as pts`;
    const [rows] = await sql<{ w1m: string; w1h: string }[]>`
      select (select count(*) from metric_rollups_1m)::text as w1m,
             (select count(*) from metric_rollups_1h)::text as w1h`;
    log('');
    log(
      `storage: worker metric_rollups_1m ${mib(Number(size?.w1m))} MiB (${rows?.w1m} rows, sketches included), ` +
        `metric_rollups_1h ${mib(Number(size?.w1h))} MiB (${rows?.w1h} rows); cagg 1 m ` +
        `${mib(Number(size?.c1m))} MiB, cagg 1 h ${mib(Number(size?.c1h))} MiB (counts only); ` +
        `metric_points ${mib(Number(size?.pts))} MiB`,
    );
  } finally {
    await sql.end({ timeout: 5 });
    const admin = postgres(`${pgBase}/postgres`, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

await main();
