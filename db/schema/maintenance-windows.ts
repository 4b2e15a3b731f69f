import { sql } from 'drizzle-orm';
import { boolean, check, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Matchers, Recurrence } from '../../lib/alerting/types';
import { users } from './users';

/**
 * Maintenance windows: a weekly recurrence in an IANA time zone, or one period from `starts_at` to
 * `ends_at`. Like silences, they keep matching series from opening incidents.
 */
export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull(),
    recurrence: jsonb('recurrence').$type<Recurrence>(),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    matchers: jsonb('matchers').$type<Matchers>().notNull().default({}),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdByEmail: text('created_by_email').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'maintenance_windows_schedule_check',
      sql`(${t.recurrence} is not null) <> (${t.startsAt} is not null and ${t.endsAt} is not null)`,
    ),
  ],
);
