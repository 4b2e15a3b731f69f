import {
  bigserial,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { SeriesLabels, Suppression } from '../../lib/alerting/types';
import { seriesStateEnum } from './alerting-enums';
import { rules } from './rules';

/** Every state change of every series, including firings a silence or maintenance window suppressed. */
export const ruleTransitions = pgTable(
  'rule_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => rules.id, { onDelete: 'cascade' }),
    seriesKey: text('series_key').notNull(),
    labels: jsonb('labels').$type<SeriesLabels>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    from: seriesStateEnum('from_state').notNull(),
    to: seriesStateEnum('to_state').notNull(),
    value: doublePrecision('value'),
    incidentId: uuid('incident_id'),
    suppressedBy: jsonb('suppressed_by').$type<Suppression>(),
  },
  (t) => [
    index('rule_transitions_rule_at_idx').on(t.ruleId, t.at.desc()),
    index('rule_transitions_at_idx').on(t.at),
  ],
);
