import { bigserial, doublePrecision, index, jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { surgeRules } from './surge-rules';

/** One row per multiplier change of a surge rule's group. */
export const surgeEvents = pgTable(
  'surge_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => surgeRules.id, { onDelete: 'cascade' }),
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull(),
    ratio: doublePrecision('ratio'),
    multiplier: doublePrecision('multiplier').notNull(),
    previous: doublePrecision('previous').notNull(),
  },
  (t) => [index('surge_events_rule_ts_idx').on(t.ruleId, t.ts), index('surge_events_ts_idx').on(t.ts)],
);
