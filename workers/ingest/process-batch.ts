import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TransactionSql } from 'postgres';
import type { Sql } from '@/db/client';
import type { CleanEvent, IngestBatchJob } from '@/contracts/jobs';
// The web process routes events to ingest partitions by this same key: one key, one partition.
import { dedupKeyOf } from '@/contracts/ingest-partition';
import {
  deserializeSketches,
  dimensionValue,
  fieldValue,
  groupKeyOf,
  isSentimentField,
  itemValue,
  lateEventsMetric,
  mergeStates,
  serializeSketches,
  sketchKind,
  type Aggregation,
  type EventSentiment,
  type MetricDefinition,
  type PointState,
} from '@/lib/metrics/definitions';
import { scoreSentiment } from '@/lib/sentiment';
import { negativeTextsOf } from '@/lib/sentiment/frames';
import { DDSketch, HyperLogLog, TopK } from '@/lib/sketches';
import { CopyText } from './copy-text';
import { KeyMemory } from './key-memory';
import { workerMetrics } from '../metrics';
import type { NegativeText } from '@/contracts/responses/sentiment';

/** A metric point after the upsert: the whole bucket's state so far, published to the web processes. */
export type UpdatedPoint = {
  metric: string;
  /** The metric's aggregation: the web merges the states of a coarser grouping with it. */
  aggregation: Aggregation;
  groupKey: string;
  bucket: number;
  state: PointState;
};

export type BatchOutcome = {
  stored: number;
  duplicates: number;
  late: number;
  points: UpdatedPoint[];
  /** The most negative of the stored texts (for the live `sentiment` frames). */
  negativeTexts: NegativeText[];
};

type Row = {
  event: CleanEvent;
  source: string;
  receivedAt: number;
  key: string;
  late: boolean;
  /** Scored once, after the key is claimed: stored with the event and aggregated by sentiment metrics. */
  sentiment: EventSentiment;
};

/**
 * Stores a set of ingest jobs in one transaction: claims their de-duplication keys, writes the events
 * that are new, and upserts their 1-second metric points. A redelivered or retried job finds its keys
 * taken and changes nothing, so at-least-once delivery has an exactly-once effect. `keys` (key-memory.ts) is
 * the process's memory of the keys its flushes claim: the events whose keys a concurrent flush is claiming
 * follow in a second transaction, after it; the keys committed lately are duplicates without a look-up,
 * and the others are claimed without one while that holds. Without it (tests, scripts) every key is looked up.
 */
export async function processBatch(
  sql: Sql,
  jobs: readonly IngestBatchJob[],
  options: StoreOptions & { keys?: KeyMemory },
): Promise<BatchOutcome> {
  const rows: Row[] = [];
  for (const job of jobs) {
    const lateBefore = job.receivedAt - options.latenessMs;
    const { source, receivedAt } = job;
    for (const event of job.events) {
      const late = !job.backfill && event.ts < lateBefore;
      rows.push({ event, source, receivedAt, key: dedupKeyOf(event, source), late, sentiment: null });
    }
  }
  const metrics = workerMetrics();
  const count = (outcome: BatchOutcome) => {
    metrics.eventsStored.inc(outcome.stored);
    metrics.eventsDuplicates.inc(outcome.duplicates);
    metrics.eventsLate.inc(outcome.late);
  };
  const stopTimer = metrics.flushDuration.startTimer();
  try {
    const onPartial = (committed: BatchOutcome) => {
      count(committed);
      options.onPartial?.(committed);
    };
    const outcome = await storeBeside(
      sql,
      rows,
      { ...options, onPartial },
      options.keys ?? KeyMemory.oneOff(),
    );
    count(outcome);
    return outcome;
  } finally {
    stopTimer();
  }
}

type StoreOptions = {
  latenessMs: number;
  metrics: readonly MetricDefinition[];
  /**
   * Called with what a first transaction committed when the events held back for a concurrent flush then
   * fail to store: processBatch rejects (the jobs retry), but those events are stored and their points
   * are new, for the pipeline counts and the live frames.
   */
  onPartial?: (committed: BatchOutcome) => void;
  /**
   * Called when what is left of the batch waits for concurrent flushes to settle (events whose keys they
   * are claiming): the caller may start its next flush meanwhile. Without it, a flush holding re-sent
   * events kept its slot idle until the other flush ended, and two flushes ran one after the other.
   */
  onWaiting?: () => void;
};

const nothingStored = (): BatchOutcome => ({
  stored: 0,
  duplicates: 0,
  late: 0,
  points: [],
  negativeTexts: [],
});

/** Stores the events whose keys no concurrent flush holds, then the others once their holders have settled. */
async function storeBeside(
  sql: Sql,
  rows: readonly Row[],
  options: StoreOptions,
  memory: KeyMemory,
): Promise<BatchOutcome> {
  const { free, held, known, earlier, settle } = memory.claim(rows);
  let first: BatchOutcome;
  try {
    // Sorted keys give every transaction the same lock order, so concurrent batches cannot deadlock.
    first = free.length > 0 ? await storeRows(sql, free.sort(byKey), options, memory) : nothingStored();
  } catch (error) {
    settle(false);
    throw error;
  }
  settle(true);
  first.duplicates += known;
  if (held.length === 0) return first;
  options.onWaiting?.();
  await Promise.all(earlier); // they only resolve, whether their flush committed or failed
  let second: BatchOutcome;
  try {
    second = await storeBeside(sql, held, options, memory);
  } catch (error) {
    if (first.stored > 0 || first.duplicates > 0) options.onPartial?.(first);
    throw error;
  }
  return {
    stored: first.stored + second.stored,
    duplicates: first.duplicates + second.duplicates,
    late: first.late + second.late,
    points: [...first.points, ...second.points], // the second state of a point is the newer one
    negativeTexts: [...first.negativeTexts, ...second.negativeTexts],
  };
}

const byKey = (a: Row, b: Row) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * One transaction for `candidates` (one per key, sorted by key). It first claims the keys with a COPY
 * (after a look-up while collisions are common); when the COPY meets a key taken meanwhile (another worker
 * process, or one this process does not remember), the transaction has written nothing else yet: it rolls
 * back and runs again claiming with ON CONFLICT DO NOTHING, so the batch still commits (a savepoint around
 * the COPY would cost two statements and a subtransaction in every flush).
 */
async function storeRows(
  sql: Sql,
  candidates: readonly Row[],
  options: StoreOptions,
  memory: KeyMemory,
): Promise<BatchOutcome> {
  try {
    return await storeRowsClaiming(sql, candidates, options, memory, 'copy');
  } catch (error) {
    if (!(error instanceof KeyCollision)) throw error;
    keyClaimFallbacks++;
    memory.collided();
    return storeRowsClaiming(sql, candidates, options, memory, 'on conflict');
  }
}

async function storeRowsClaiming(
  sql: Sql,
  candidates: readonly Row[],
  options: StoreOptions,
  memory: KeyMemory,
  claim: 'copy' | 'on conflict',
): Promise<BatchOutcome> {
  // Hot path: postgres.js directly, with unnest() arrays (one round trip per statement).
  return sql.begin(async (tx) => {
    const keys = candidates.map((r) => r.key);
    const claimed = claim === 'copy' ? await claimKeys(tx, keys, memory) : await claimOnConflict(tx, keys);
    let rows: readonly Row[] = candidates;
    if (claimed.length < keys.length) {
      const mine = new Set(claimed);
      rows = candidates.filter((r) => mine.has(r.key));
    }
    for (const row of rows) if (row.event.text !== undefined) row.sentiment = scoreSentiment(row.event.text);
    const duplicates = keys.length - rows.length;
    if (rows.length === 0) return { ...nothingStored(), duplicates };

    await insertEvents(tx as unknown as Sql, rows);
    await markHistoricalMinutes(tx as unknown as Sql, rows, options.latenessMs);
    const partials = aggregate(rows, options.metrics);
    const points = await upsertPoints(tx as unknown as Sql, partials);
    return {
      stored: rows.length,
      duplicates,
      late: rows.filter((r) => r.late).length,
      points,
      negativeTexts: negativeTextsOf(rows.filter((r) => !r.late)),
    };
  });
}

/** A COPY of keys met a key already taken: the transaction is aborted and runs again with ON CONFLICT. */
class KeyCollision extends Error {}

/**
 * Claims the keys not seen before and answers them. Most keys are new: those not found are written with
 * COPY, several times cheaper than INSERT ... ON CONFLICT per key. The primary key stays the arbiter: when a
 * key was taken (by a concurrent flush meanwhile, after waiting for its transaction), the COPY fails and this
 * throws KeyCollision. With no collision lately, the keys are COPYed without the look-up (key-memory.ts).
 */
async function claimKeys(
  tx: TransactionSql,
  keys: readonly string[],
  memory: KeyMemory,
): Promise<readonly string[]> {
  let fresh: readonly string[] = keys;
  if (memory.lookUpFirst) {
    // A string passes postgres.js's array serializer untouched (a text[] parameter the planner sees).
    const taken = await tx<{ key: string }[]>`
      select key from event_keys where key = any(${textArrayLiteral(keys) ?? (keys as string[])}::text[])`;
    const seen = new Set(taken.map((r) => r.key));
    if (seen.size > 0) fresh = keys.filter((k) => !seen.has(k));
    if (fresh.length === 0) return [];
  }
  try {
    await copyKeys(tx, fresh);
    return fresh;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === uniqueViolation) throw new KeyCollision('key taken');
    throw error;
  }
}

/** Claims the keys nobody holds, row by row: the fallback when a COPY of keys collided. */
async function claimOnConflict(tx: TransactionSql, keys: readonly string[]): Promise<readonly string[]> {
  const claimed = await tx<{ key: string }[]>`
    insert into event_keys (key)
    select k from unnest(${keys as string[]}::text[]) as k
    on conflict do nothing
    returning key`;
  return claimed.map((r) => r.key);
}

/**
 * The keys as one text[] literal, built by JSON.stringify: postgres.js serializes an array parameter key by
 * key in JavaScript. JSON escapes `"` and `\\` as the literal does; a key with anything JSON escapes
 * otherwise (control characters, lone surrogates) answers null, and the caller sends the array as such.
 */
export function textArrayLiteral(values: readonly string[]): string | null {
  const json = JSON.stringify(values);
  const escape = /\\(.)/g; // whole escape pairs, so an escaped backslash before an n is not read as \n
  for (let m = escape.exec(json); m; m = escape.exec(json)) if (m[1] !== '"' && m[1] !== '\\') return null;
  return `{${json.slice(1, -1)}}`;
}

/**
 * COPYs the keys; rejects when the server refuses the COPY, also after the stream's end was sent (a key
 * taken: 23505). postgres.js 4 settles the stream with the server's error (db/postgres-driver.test.ts).
 */
async function copyKeys(tx: TransactionSql, keys: readonly string[]): Promise<void> {
  const writable = await tx`copy event_keys (key) from stdin`.writable();
  const out = new CopyText();
  for (const key of keys) out.text(key).row();
  await pipeline(Readable.from(out.take()), writable);
}

const uniqueViolation = '23505';
let keyClaimFallbacks = 0;

/** How many key claims in this process fell back from COPY to ON CONFLICT (tests, pipeline statistics). */
export function keyClaimFallbackCount(): number {
  return keyClaimFallbacks;
}

/**
 * Backfilled events older than the allowed lateness fall outside the window the rollup job recomputes on
 * every run, so their minutes are queued for it explicitly.
 */
async function markHistoricalMinutes(sql: Sql, rows: readonly Row[], latenessMs: number): Promise<void> {
  const minutes = new Set<string>();
  for (const row of rows) {
    if (!row.late && row.event.ts < row.receivedAt - latenessMs) {
      minutes.add(new Date(Math.floor(row.event.ts / 60_000) * 60_000).toISOString());
    }
  }
  if (minutes.size === 0) return;
  await sql`
    insert into rollup_dirty (minute) select m::timestamptz from unnest(${[...minutes].sort()}::text[]) as m
    on conflict do nothing`;
}

/** Texts are scored on arrival (DESIGN.md): the score and label are stored with the event. */
function sentimentColumns(sentiment: EventSentiment): string {
  return sentiment === null ? '\\N\t\\N' : `${sentiment.score}\t${sentiment.label}`;
}

/** Writes the new events with COPY, the fastest way into PostgreSQL (hot path: postgres.js directly). */
async function insertEvents(sql: Sql, rows: readonly Row[]): Promise<void> {
  // Many events share a millisecond and every event of a job its arrival time: format each once.
  const iso = new Map<number, string>();
  const isoOf = (ms: number) => {
    let text = iso.get(ms);
    if (text === undefined) iso.set(ms, (text = new Date(ms).toISOString()));
    return text;
  };
  const out = new CopyText();
  for (const row of rows) {
    const e = row.event;
    out.raw(isoOf(e.ts)).tab().raw(isoOf(row.receivedAt)).tab().text(row.source).tab().text(e.id).tab();
    out.text(row.key).tab().text(e.type).tab().text(e.dedupKey).tab().text(e.user).tab();
    out
      .raw(e.value === undefined ? '\\N' : String(e.value))
      .tab()
      .text(e.text)
      .tab();
    out
      .text(e.props ? JSON.stringify(e.props) : null)
      .tab()
      .raw(row.late ? 't' : 'f')
      .tab();
    out.raw(sentimentColumns(row.sentiment)).row();
  }
  const writable = await sql`
    copy events (ts, received_at, source, id, key, type, dedup_key, user_id, value, text, props, late,
      sentiment_score, sentiment_label) from stdin
  `.writable();
  await pipeline(Readable.from(out.take()), writable);
}

type PointPartial = {
  metric: string;
  aggregation: Aggregation;
  groupKey: string;
  bucket: number;
} & PointState;

const valueAggregations = new Set(['sum', 'avg', 'min', 'max', 'p50', 'p90', 'p95', 'p99']);

/** One group of a metric (one set of dimension values): its partial per second. */
type Group = { groupKey: string; buckets: Map<number, PointPartial> };
/** A metric's groups, one level of maps per dimension (no key is built per event). */
type GroupTrie = Map<string, GroupTrie | Group>;

/** Folds rows into one partial per (metric, group, second); late events count only in `late_events`. */
export function aggregate(rows: readonly Row[], metrics: readonly MetricDefinition[]): PointPartial[] {
  const partials: PointPartial[] = [];
  const tries = new Map<MetricDefinition, GroupTrie>();
  const groupOf = (metric: MetricDefinition, row: Row): Group => {
    let trie = tries.get(metric);
    if (trie === undefined) tries.set(metric, (trie = new Map<string, GroupTrie | Group>()));
    const { dimensions } = metric;
    const last = dimensions.length - 1;
    for (let i = 0; i < last; i++) {
      const value = dimensionValue(row.event, row.source, dimensions[i]!);
      let next = trie.get(value) as GroupTrie | undefined;
      if (next === undefined) trie.set(value, (next = new Map<string, GroupTrie | Group>()));
      trie = next;
    }
    const value = last < 0 ? '' : dimensionValue(row.event, row.source, dimensions[last]!);
    let group = trie.get(value) as Group | undefined;
    if (group === undefined) {
      const dims: Record<string, string> = {};
      for (const d of dimensions) dims[d] = dimensionValue(row.event, row.source, d);
      trie.set(value, (group = { groupKey: groupKeyOf(dims), buckets: new Map() }));
    }
    return group;
  };
  const add = (metric: MetricDefinition, row: Row, bucket: number) => {
    const v = fieldValue(row.event, metric.valueField, row.sentiment);
    // A sum, average, extreme or percentile of a field counts only the events that carry it; a metric on
    // a sentiment field counts only events with text, whatever its aggregation (volume of texts).
    if (v === null && (valueAggregations.has(metric.aggregation) || isSentimentField(metric.valueField)))
      return;
    const group = groupOf(metric, row);
    let p = group.buckets.get(bucket);
    if (!p) {
      p = {
        metric: metric.name,
        aggregation: metric.aggregation,
        groupKey: group.groupKey,
        bucket,
        count: 0,
        sum: 0,
        min: null,
        max: null,
      };
      const kind = sketchKind(metric.aggregation);
      if (kind === 'sketch') p.sketch = new DDSketch();
      else if (kind === 'hll') p.hll = new HyperLogLog();
      else if (kind === 'topk') p.topk = new TopK();
      group.buckets.set(bucket, p);
      partials.push(p);
    }
    p.count++;
    if (v !== null) {
      p.sum += v;
      p.min = p.min === null ? v : Math.min(p.min, v);
      p.max = p.max === null ? v : Math.max(p.max, v);
      p.sketch?.add(v);
    }
    if (p.hll && row.event.user !== undefined) p.hll.add(row.event.user);
    if (p.topk) {
      const item = itemValue(row.event, metric.valueField);
      if (item !== null) p.topk.add(item);
    }
  };
  for (const row of rows) {
    if (row.late) {
      const lateMetric = metrics.find((m) => m.name === lateEventsMetric);
      if (lateMetric) add(lateMetric, row, Math.floor(row.receivedAt / 1000) * 1000);
      continue;
    }
    const bucket = Math.floor(row.event.ts / 1000) * 1000;
    for (const metric of metrics) {
      if (metric.name === lateEventsMetric) continue;
      if (metric.eventTypes.length > 0 && !metric.eventTypes.includes(row.event.type)) continue;
      add(metric, row, bucket);
    }
  }
  return partials.sort((a, b) =>
    a.metric !== b.metric
      ? a.metric < b.metric
        ? -1
        : 1
      : a.groupKey !== b.groupKey
        ? a.groupKey < b.groupKey
          ? -1
          : 1
        : a.bucket - b.bucket,
  );
}

/**
 * Upserts the partials in key order. The rows travel as one JSON text parameter (typed text, so neither
 * postgres.js nor drizzle re-encodes it): postgres.js array
 * parameters turn a null inside float8[] into NaN and inside text[] into the string 'NULL'.
 */
async function upsertPoints(sql: Sql, partials: PointPartial[]): Promise<UpdatedPoint[]> {
  const payload = JSON.stringify(
    partials.map((p) => ({
      metric: p.metric,
      group_key: p.groupKey,
      bucket: new Date(p.bucket).toISOString(),
      count: p.count,
      sum: p.sum,
      min: p.min,
      max: p.max,
    })),
  );
  const rows = await sql<
    {
      metric: string;
      group_key: string;
      bucket_ms: string;
      count: string;
      sum: number;
      min: number | null;
      max: number | null;
    }[]
  >`
    insert into metric_points as p (metric, group_key, dims, bucket, count, sum, min, max)
    select metric, group_key, group_key::jsonb, bucket, count, sum, min, max
    from jsonb_to_recordset(${payload}::text::jsonb) as t(
      metric text, group_key text, bucket timestamptz, count int8, sum float8, min float8, max float8)
    on conflict (metric, group_key, bucket) do update set
      count = p.count + excluded.count,
      sum = p.sum + excluded.sum,
      min = least(p.min, excluded.min),
      max = greatest(p.max, excluded.max)
    returning metric, group_key, (extract(epoch from bucket) * 1000)::int8::text as bucket_ms,
      count::text as count, sum, min, max`;
  const aggregationOf = new Map(partials.map((p) => [p.metric, p.aggregation]));
  const points = rows.map((r) => ({
    metric: r.metric,
    aggregation: aggregationOf.get(r.metric) ?? unknownMetric(r.metric),
    groupKey: r.group_key,
    bucket: Number(r.bucket_ms),
    state: { count: Number(r.count), sum: r.sum, min: r.min, max: r.max },
  }));
  const withSketches = partials.filter((p) => p.sketch || p.hll || p.topk);
  if (withSketches.length > 0) await mergeSketches(sql, withSketches, points);
  return points;
}

function unknownMetric(metric: string): never {
  throw new Error(`the upsert returned a point of ${metric}, which no partial of this flush has`);
}

const pointId = (metric: string, groupKey: string, bucket: number) =>
  `${metric}\u0000${groupKey}\u0000${bucket}`;

/**
 * Sketches cannot be merged in SQL, so the rows the upsert just locked are read, merged here and written
 * back in the same transaction: concurrent flushes wait on the row locks and never lose a merge.
 */
async function mergeSketches(sql: Sql, partials: PointPartial[], points: UpdatedPoint[]): Promise<void> {
  const keys = JSON.stringify(
    partials.map((p) => ({
      metric: p.metric,
      group_key: p.groupKey,
      bucket: new Date(p.bucket).toISOString(),
    })),
  );
  const stored = await sql<
    {
      metric: string;
      group_key: string;
      bucket_ms: string;
      sketch: Buffer | null;
      hll: Buffer | null;
      topk: Buffer | null;
    }[]
  >`
    select p.metric, p.group_key, (extract(epoch from p.bucket) * 1000)::int8::text as bucket_ms, p.sketch, p.hll, p.topk
    from metric_points p
    join jsonb_to_recordset(${keys}::text::jsonb) as k(metric text, group_key text, bucket timestamptz)
      on p.metric = k.metric and p.group_key = k.group_key and p.bucket = k.bucket`;
  const existing = new Map(stored.map((r) => [pointId(r.metric, r.group_key, Number(r.bucket_ms)), r]));
  const byId = new Map(points.map((p) => [pointId(p.metric, p.groupKey, p.bucket), p]));
  const updates = partials.map((p) => {
    const id = pointId(p.metric, p.groupKey, p.bucket);
    const row = existing.get(id);
    const merged: PointState = {
      count: 0,
      sum: 0,
      min: null,
      max: null,
      ...(row ? deserializeSketches(row) : {}),
    };
    mergeStates(merged, {
      count: 0,
      sum: 0,
      min: null,
      max: null,
      sketch: p.sketch,
      hll: p.hll,
      topk: p.topk,
    });
    const point = byId.get(id);
    if (point) Object.assign(point.state, { sketch: merged.sketch, hll: merged.hll, topk: merged.topk });
    const bytes = serializeSketches(merged);
    const b64 = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('base64') : null);
    return {
      metric: p.metric,
      group_key: p.groupKey,
      bucket: new Date(p.bucket).toISOString(),
      sketch: b64(bytes.sketch),
      hll: b64(bytes.hll),
      topk: b64(bytes.topk),
    };
  });
  await sql`
    update metric_points p set
      sketch = decode(u.sketch, 'base64'), hll = decode(u.hll, 'base64'), topk = decode(u.topk, 'base64')
    from jsonb_to_recordset(${JSON.stringify(updates)}::text::jsonb)
      as u(metric text, group_key text, bucket timestamptz, sketch text, hll text, topk text)
    where p.metric = u.metric and p.group_key = u.group_key and p.bucket = u.bucket`;
}
