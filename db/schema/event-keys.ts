import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * De-duplication keys seen within the horizon: `i:<source>:<id>`, or `k:<dedupKey>` when the event has one.
 * Written in the same transaction as the events, so a retried or redelivered batch counts once.
 */
export const eventKeys = pgTable(
  'event_keys',
  {
    key: text('key').primaryKey(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('event_keys_seen_idx').on(t.seenAt)],
);
