import type { Sql } from '@/db/client';
import {
  deserializeSketches,
  mergeStates,
  serializeSketches,
  type PointState,
} from '@/lib/metrics/definitions';

export type RollupOptions = {
  /** How far back every run recomputes: the allowed lateness plus a margin, in ms. */
  windowMs: number;
  now?: number;
};

const minuteMs = 60_000;
const hourMs = 3_600_000;
/** Backfilled minutes claimed per run: a day of history, recomputed as few contiguous ranges. */
const dirtyPerRun = 1440;

/**
 * Recomputes the 1-minute rollups of the recent window (and of minutes a backfill marked dirty) from the
 * 1-second points, then the 1-hour rollups of the hours they touch from the 1-minute rollups. Each run
 * replaces rows rather than adding to them, so it is idempotent and late events are always included.
 */
export async function rollUp(sql: Sql, options: RollupOptions): Promise<{ minutes: number; hours: number }> {
  const now = options.now ?? Date.now();
  const from = Math.floor((now - options.windowMs) / minuteMs) * minuteMs;
  const to = Math.floor(now / minuteMs) * minuteMs + minuteMs;
  const recent = await recomputeRanges(sql, [[from, to]]);
  // Dirty minutes are claimed and rolled up in one transaction: until it commits they stay marked, so a
  // crash loses none and retention (which spares marked minutes) never purges points not yet rolled up.
  // An ingest marking a claimed minute again waits for the commit, then marks it for the next run.
  const backfilled = await sql.begin(async (tx) => {
    // Hot path of the rollup job: postgres.js directly; timestamps travel as epoch ms in text.
    const dirty = await tx<{ minute: string }[]>`
      delete from rollup_dirty where minute in (
        select minute from rollup_dirty order by minute limit ${dirtyPerRun}::int for update skip locked)
      returning (extract(epoch from minute) * 1000)::int8::text as minute`;
    const minutes = dirty.map((d) => Number(d.minute)).filter((m) => m < from);
    return recomputeRanges(tx as unknown as Sql, contiguous(minutes, minuteMs));
  });
  return { minutes: recent.minutes + backfilled.minutes, hours: recent.hours + backfilled.hours };
}

/** Sorted starts of `step`-long spans merged into [start, end) ranges of contiguous spans. */
function contiguous(starts: readonly number[], step: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (const s of [...starts].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], s + step);
    else ranges.push([s, s + step]);
  }
  return ranges;
}

/**
 * One statement per contiguous range rather than per minute: each reads only its range (by the `bucket`
 * indexes), so rolling up a backfill costs what it reads, not the size of the tables.
 */
async function recomputeRanges(
  sql: Sql,
  ranges: readonly [number, number][],
): Promise<{ minutes: number; hours: number }> {
  let minutes = 0;
  const hourStarts: number[] = [];
  for (const [start, end] of ranges) {
    await recompute(sql, 'metric_points', 'metric_rollups_1m', 'minute', start, end);
    minutes += (end - start) / minuteMs;
    for (let h = Math.floor(start / hourMs) * hourMs; h < end; h += hourMs) hourStarts.push(h);
  }
  const hours = contiguous([...new Set(hourStarts)], hourMs);
  for (const [start, end] of hours)
    await recompute(sql, 'metric_rollups_1m', 'metric_rollups_1h', 'hour', start, end);
  return { minutes, hours: new Set(hourStarts).size };
}

async function recompute(
  sql: Sql,
  source: 'metric_points' | 'metric_rollups_1m',
  target: 'metric_rollups_1m' | 'metric_rollups_1h',
  unit: 'minute' | 'hour',
  start: number,
  end: number,
): Promise<void> {
  const from = new Date(start).toISOString();
  const to = new Date(end).toISOString();
  await sql`
    insert into ${sql(target)} (metric, group_key, dims, bucket, count, sum, min, max)
      select metric, group_key, group_key::jsonb, date_trunc(${unit}::text, bucket),
        sum(count), sum(sum), min(min), max(max)
      from ${sql(source)}
      where bucket >= ${from}::timestamptz and bucket < ${to}::timestamptz
      group by 1, 2, 3, 4
      on conflict (metric, group_key, bucket) do update set
        count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max
      where (${sql(target)}.count, ${sql(target)}.sum) is distinct from (excluded.count, excluded.sum)
         or ${sql(target)}.min is distinct from excluded.min or ${sql(target)}.max is distinct from excluded.max`;
  await recomputeSketches(sql, source, target, unit, from, to);
}

/** Sketch columns merge here, not in SQL: read the source rows of the range, merge per target row, write. */
async function recomputeSketches(
  sql: Sql,
  source: 'metric_points' | 'metric_rollups_1m',
  target: 'metric_rollups_1m' | 'metric_rollups_1h',
  unit: 'minute' | 'hour',
  from: string,
  to: string,
): Promise<void> {
  const rows = await sql<
    {
      metric: string;
      group_key: string;
      b: string;
      sketch: Buffer | null;
      hll: Buffer | null;
      topk: Buffer | null;
    }[]
  >`
    select metric, group_key, to_char(date_trunc(${unit}::text, bucket) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as b,
      sketch, hll, topk
    from ${sql(source)}
    where bucket >= ${from}::timestamptz and bucket < ${to}::timestamptz
      and (sketch is not null or hll is not null or topk is not null)`;
  if (rows.length === 0) return;
  const merged = new Map<string, { metric: string; group_key: string; bucket: string; state: PointState }>();
  for (const r of rows) {
    const id = `${r.metric}\u0000${r.group_key}\u0000${r.b}`;
    let m = merged.get(id);
    if (!m) {
      m = {
        metric: r.metric,
        group_key: r.group_key,
        bucket: r.b,
        state: { count: 0, sum: 0, min: null, max: null },
      };
      merged.set(id, m);
    }
    mergeStates(m.state, { count: 0, sum: 0, min: null, max: null, ...deserializeSketches(r) });
  }
  const b64 = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('base64') : null);
  const updates = [...merged.values()].map((m) => {
    const bytes = serializeSketches(m.state);
    return {
      metric: m.metric,
      group_key: m.group_key,
      bucket: m.bucket,
      sketch: b64(bytes.sketch),
      hll: b64(bytes.hll),
      topk: b64(bytes.topk),
    };
  });
  await sql`
    update ${sql(target)} t set
      sketch = decode(u.sketch, 'base64'), hll = decode(u.hll, 'base64'), topk = decode(u.topk, 'base64')
    from jsonb_to_recordset(${JSON.stringify(updates)}::text::jsonb)
      as u(metric text, group_key text, bucket timestamptz, sketch text, hll text, topk text)
    where t.metric = u.metric and t.group_key = u.group_key and t.bucket = u.bucket`;
}
