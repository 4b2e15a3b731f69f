import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, jsonb, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Raw events, a hypertable on `ts` where TimescaleDB exists. There is deliberately no unique index:
 * one on a hypertable must contain `ts`, so de-duplication is enforced through `event_keys` instead.
 * `key` is the event's de-duplication key, the same value as its `event_keys` row (COLLATE "C", set in
 * migration 0014): the distribution column for Citus or TimescaleDB space partitioning, so an event and
 * its key land on the same shard (docs/scaling.md). A generated column would not do: TimescaleDB refuses
 * one as a partitioning dimension.
 */
export const events = pgTable(
  'events',
  {
    ts: timestamp('ts', { withTimezone: true, precision: 3 }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, precision: 3 }).notNull(),
    source: text('source').notNull(),
    id: text('id').notNull(),
    key: text('key').notNull(),
    type: text('type').notNull(),
    dedupKey: text('dedup_key'),
    userId: text('user_id'),
    value: doublePrecision('value'),
    text: text('text'),
    props: jsonb('props').$type<Record<string, string | number | boolean>>(),
    late: boolean('late').notNull().default(false),
    sentimentScore: real('sentiment_score'),
    sentimentLabel: text('sentiment_label'),
  },
  // The time indexes ascend, and the newest-first reads scan them backward (db/order.ts): events arrive
  // in rising time, and PostgreSQL keeps a page full when the new key is the index's highest, where a
  // descending index took every new time at its low end and split pages in half (1 M events:
  // events_ts_idx 39 against 21 MB; all five, a fifth more insert time). An index led by type still
  // splits in half inside each type's range, either way.
  (t) => [
    index('events_ts_idx').on(t.ts),
    index('events_type_ts_idx').on(t.type, t.ts),
    index('events_source_ts_idx').on(t.source, t.ts),
    // The negative-text feed and rising terms read the newest negative texts: without this index, a
    // database where they are rare scanned every event of the window for them (a second on 5 M events).
    index('events_negative_ts_idx')
      .on(t.ts)
      .where(sql`${t.sentimentLabel} = 'negative'`),
    // The same filtered by topic (the sentiment page's topic filter): a rare topic read every negative
    // event of the window (290 ms for 24 h of 5 M events). Only negative events carry an entry.
    index('events_negative_topic_ts_idx')
      .on(sql`(${t.props}->>'topic')`, t.ts)
      .where(sql`${t.sentimentLabel} = 'negative'`),
  ],
);
