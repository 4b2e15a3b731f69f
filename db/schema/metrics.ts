import { boolean, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { aggregations } from '../../lib/metrics/aggregations';

export const aggregationEnum = pgEnum('aggregation', aggregations);

/** The metric catalogue: built-in metrics (`events`, `late_events`) and the ones admins define. */
export const metrics = pgTable('metrics', {
  name: text('name').primaryKey(),
  description: text('description').notNull().default(''),
  /** Event types this metric counts; empty means every type. */
  eventTypes: jsonb('event_types').$type<string[]>().notNull().default([]),
  aggregation: aggregationEnum('aggregation').notNull().default('count'),
  /** `value`, or `props.<name>` for a numeric prop. */
  valueField: text('value_field'),
  /** Dimensions points are stored by: `type`, `source`, or a prop name. */
  dimensions: jsonb('dimensions').$type<string[]>().notNull().default([]),
  /** Grouping used when a client names the metric without one. */
  defaultGroupBy: jsonb('default_group_by').$type<string[]>().notNull().default([]),
  unit: text('unit').notNull().default(''),
  /** A derived ratio of two other metrics (error rate = errors / requests), computed at query time. */
  ratioOf: jsonb('ratio_of').$type<{ numerator: string; denominator: string; scale: number }>(),
  builtIn: boolean('built_in').notNull().default(false),
  /** Seeded by the demo (PULSEBOARD_DEMO=on) as an example; editable and removable like any other. */
  demo: boolean('demo').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
