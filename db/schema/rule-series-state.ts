import {
  boolean,
  doublePrecision,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { SeriesLabels, Suppression } from '../../lib/alerting/types';
import { seriesStateEnum } from './alerting-enums';
import { incidents } from './incidents';
import { rules } from './rules';

/** Where each series of a rule stands, carried from one evaluation to the next. */
export const ruleSeriesState = pgTable(
  'rule_series_state',
  {
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => rules.id, { onDelete: 'cascade' }),
    /** Canonical JSON of `labels`. */
    seriesKey: text('series_key').notNull(),
    labels: jsonb('labels').$type<SeriesLabels>().notNull(),
    state: seriesStateEnum('state').notNull().default('ok'),
    /** When the series entered its state (for pending: when the breach began). */
    since: timestamp('since', { withTimezone: true }).notNull(),
    /** While flapping: whether the condition currently holds. */
    active: boolean('active').notNull().default(false),
    /** Epoch ms of recent firings, for flap detection. */
    fireTimes: jsonb('fire_times').$type<number[]>().notNull().default([]),
    lastValue: doublePrecision('last_value'),
    lastEvalAt: timestamp('last_eval_at', { withTimezone: true }).notNull(),
    incidentId: uuid('incident_id').references(() => incidents.id, { onDelete: 'set null' }),
    /** Set while a firing series opened no incident because a silence or window covered it. */
    suppressedBy: jsonb('suppressed_by').$type<Suppression>(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.seriesKey] })],
);
