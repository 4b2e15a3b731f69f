import {
  bigint,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Mergeable partial aggregates per (metric, group, 1-second bucket), stored at the metric's full
 * dimension set; coarser groupings and steps are merged at query time. A hypertable on `bucket`.
 */
export const metricPoints = pgTable(
  'metric_points',
  {
    metric: text('metric').notNull(),
    /** Canonical JSON of `dims`, the conflict target of the upsert. */
    groupKey: text('group_key').notNull(),
    dims: jsonb('dims').$type<Record<string, string>>().notNull(),
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
    sum: doublePrecision('sum').notNull().default(0),
    min: doublePrecision('min'),
    max: doublePrecision('max'),
  },
  (t) => [
    uniqueIndex('metric_points_key').on(t.metric, t.groupKey, t.bucket),
    index('metric_points_metric_bucket_idx').on(t.metric, t.bucket),
  ],
);
