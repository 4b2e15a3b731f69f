import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * De-duplication keys seen within the horizon: `i:<source>:<id>`, or `k:<dedupKey>` when the event has one.
 * Written in the same transaction as the events, so a retried or redelivered batch counts once.
 * The key is compared byte-wise (COLLATE "C", set in migration 0009): it is an identifier, not prose, and
 * the locale's collation made every index probe several times dearer. Keys are purged by age, and their
 * `seen_at` grows with insertion order, so a BRIN index serves the purge at a fraction of a B-tree's cost.
 *
 * A key is unique through an exclusion constraint on a hash index (`event_keys_key_excl`, migration 0018),
 * not a primary key: keys are random and the table holds a whole horizon of them, so each new key's
 * B-tree descent to a random leaf cost PostgreSQL more than the event's own row (15 against 8-9 µs of
 * backend CPU a key with 5 M keys; bench/README.md), and the B-tree was 2.6 times the hash index's size.
 * The constraint is as exact as a unique index: COPY fails on a taken key (23P01) and
 * `ON CONFLICT DO NOTHING` skips it. drizzle has no exclusion constraints: it is declared in the migration.
 */
export const eventKeys = pgTable(
  'event_keys',
  {
    key: text('key').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('event_keys_seen_idx').using('brin', t.seenAt)],
);
