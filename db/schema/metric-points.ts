import {
  bigint,
  customType,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Columns shared by the 1-second points and the 1-minute and 1-hour rollups: mergeable partial
 * aggregates, stored at the metric's full dimension set; coarser groupings merge at query time.
 * Sketch columns are set only for metrics whose aggregation needs them (percentiles, distinct, top-K).
 */
const pointColumns = () => ({
  metric: text('metric').notNull(),
  /** Canonical JSON of `dims`, the conflict target of the upsert. */
  groupKey: text('group_key').notNull(),
  dims: jsonb('dims').$type<Record<string, string>>().notNull(),
  bucket: timestamp('bucket', { withTimezone: true }).notNull(),
  count: bigint('count', { mode: 'number' }).notNull(),
  sum: doublePrecision('sum').notNull().default(0),
  min: doublePrecision('min'),
  max: doublePrecision('max'),
  /** DDSketch of the values (p50…p99). */
  sketch: bytea('sketch'),
  /** HyperLogLog of the users (distinct). */
  hll: bytea('hll'),
  /** Heavy hitters of a prop (top-K). */
  topk: bytea('topk'),
});

/**
 * 1-second points, written by the ingest transaction. A hypertable on `bucket`. The `bucket` indexes serve
 * the rollup job and retention, which read a time range of every metric (a backfill's minutes, old rows).
 */
export const metricPoints = pgTable('metric_points', pointColumns(), (t) => [
  uniqueIndex('metric_points_key').on(t.metric, t.groupKey, t.bucket),
  index('metric_points_metric_bucket_idx').on(t.metric, t.bucket),
  index('metric_points_bucket_idx').on(t.bucket),
]);

/** 1-minute rollups, recomputed from the 1-second points by the rollup job. */
export const metricRollups1m = pgTable('metric_rollups_1m', pointColumns(), (t) => [
  uniqueIndex('metric_rollups_1m_key').on(t.metric, t.groupKey, t.bucket),
  index('metric_rollups_1m_metric_bucket_idx').on(t.metric, t.bucket),
  index('metric_rollups_1m_bucket_idx').on(t.bucket),
]);

/** 1-hour rollups, recomputed from the 1-minute rollups by the rollup job. */
export const metricRollups1h = pgTable('metric_rollups_1h', pointColumns(), (t) => [
  uniqueIndex('metric_rollups_1h_key').on(t.metric, t.groupKey, t.bucket),
  index('metric_rollups_1h_metric_bucket_idx').on(t.metric, t.bucket),
  index('metric_rollups_1h_bucket_idx').on(t.bucket),
]);

/**
 * Minutes whose rollups must be recomputed although they are older than the sliding window the rollup
 * job always covers: written by the ingest transaction for backfilled events only.
 */
export const rollupDirty = pgTable('rollup_dirty', {
  minute: timestamp('minute', { withTimezone: true }).primaryKey(),
});
