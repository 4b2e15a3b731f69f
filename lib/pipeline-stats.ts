import type { RedisClient } from '@/lib/redis';

/** What the ingest workers did with the events of one flush (BatchOutcome's counts). */
export type FlushCounts = { stored: number; duplicates: number; late: number };

/** Per-second totals are kept a little longer than the longest window read from them. */
const keepSeconds = 300;

/** One hash per second of processing time, shared by every worker: `stored`, `duplicates`, `late`. */
export function flushStatsKey(prefix: string, second: number): string {
  return `${prefix}:pipeline:flushes:${second}`;
}

/**
 * Adds one committed flush to this second's totals. Called after the commit, so the counts are the
 * workers' own (exact, whichever worker took the batch); only a crash between commit and this call loses one.
 */
export async function recordFlush(
  redis: RedisClient,
  prefix: string,
  counts: FlushCounts,
  now = Date.now(),
): Promise<void> {
  if (counts.stored === 0 && counts.duplicates === 0) return;
  const key = flushStatsKey(prefix, Math.floor(now / 1000));
  await redis
    .multi()
    .hincrby(key, 'stored', counts.stored)
    .hincrby(key, 'duplicates', counts.duplicates)
    .hincrby(key, 'late', counts.late)
    .expire(key, keepSeconds)
    .exec();
}

/** The workers' totals over the whole seconds `[fromSecond, toSecond]`. */
export async function readFlushStats(
  redis: RedisClient,
  prefix: string,
  fromSecond: number,
  toSecond: number,
): Promise<FlushCounts> {
  const pipeline = redis.pipeline();
  for (let s = fromSecond; s <= toSecond; s++)
    pipeline.hmget(flushStatsKey(prefix, s), 'stored', 'duplicates', 'late');
  const totals: FlushCounts = { stored: 0, duplicates: 0, late: 0 };
  for (const [error, values] of (await pipeline.exec()) ?? []) {
    if (error) throw error;
    const [stored, duplicates, late] = values as (string | null)[];
    totals.stored += Number(stored ?? 0);
    totals.duplicates += Number(duplicates ?? 0);
    totals.late += Number(late ?? 0);
  }
  return totals;
}
