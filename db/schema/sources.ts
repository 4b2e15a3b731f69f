import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** A producer of events (a web site, a payment system, a fleet of devices). Events carry its name. */
export const sources = pgTable('sources', {
  name: text('name').primaryKey(),
  description: text('description').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
