import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * De-duplication keys seen within the horizon: `i:<source>:<id>`, or `k:<dedupKey>` when the event has one.
 * Written in the same transaction as the events, so a retried or redelivered batch counts once.
 * The key is compared byte-wise (COLLATE "C", set in migration 0009): it is an identifier, not prose, and
 * the locale's collation made every index probe several times dearer. Keys are purged by age, and their
 * `seen_at` grows with insertion order, so a BRIN index serves the purge at a fraction of a B-tree's cost.
 */
export const eventKeys = pgTable(
  'event_keys',
  {
    key: text('key').primaryKey(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('event_keys_seen_idx').using('brin', t.seenAt)],
);
