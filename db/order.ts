import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * Newest first, in the order of a time index declared with drizzle's `.desc()` (incidents, deliveries),
 * which PostgreSQL stores as DESC NULLS LAST, while drizzle's `desc()` orders DESC NULLS FIRST (the
 * default for DESC); PostgreSQL reads an index in ORDER BY order only when the null ordering matches too,
 * also for NOT NULL columns. With `desc()` the events list sorted the whole table on every page (a
 * parallel scan of 5 M events took a second); with this it reads the index's first rows.
 */
export function newestFirst(column: AnyColumn): SQL {
  return sql`${column} desc nulls last`;
}

/**
 * Newest first, read backward from an ascending time index (the events table's: see
 * db/schema/events.ts for why they ascend). Ascending means NULLS LAST, so backward is DESC NULLS FIRST.
 */
export function newestFirstBackward(column: AnyColumn): SQL {
  return sql`${column} desc nulls first`;
}
