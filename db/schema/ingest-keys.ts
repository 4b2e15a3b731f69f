import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sources } from './sources';

/** Ingest keys authenticate producers; only the SHA-256 of the key is stored, the key is shown once. */
export const ingestKeys = pgTable(
  'ingest_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source')
      .notNull()
      .references(() => sources.name, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    /** May send events older than the allowed lateness; they go into their historical buckets. */
    canBackfill: boolean('can_backfill').notNull().default(false),
    /** Events per second this key may send; null means the server default. */
    rateLimit: integer('rate_limit'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('ingest_keys_source_idx').on(t.source)],
);
