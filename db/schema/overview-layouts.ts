import { jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * What the Overview shows and in what order: one row per person who customized it, and one team default
 * (`user_id` null) that everyone else sees. Panels are ids from the overview's catalogue (built-in tiles
 * and charts, or `metric:<name>` for a catalogue metric), checked by the service on save.
 */
export const overviewLayouts = pgTable(
  'overview_layouts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null for the team default. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    kpis: jsonb('kpis').$type<string[]>().notNull(),
    charts: jsonb('charts').$type<string[]>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedByEmail: text('updated_by_email').notNull(),
  },
  // NULLS NOT DISTINCT: at most one team default (PostgreSQL 15+), and one layout per person.
  (t) => [unique('overview_layouts_user_unique').on(t.userId).nullsNotDistinct()],
);
