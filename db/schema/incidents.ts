import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { SeriesLabels } from '../../lib/alerting/types';
import { incidentStatusEnum, severityEnum } from './alerting-enums';
import { rules } from './rules';
import { surgeRules } from './surge-rules';
import { users } from './users';

/**
 * Incidents: one open (not resolved) incident per (rule, series) — alert rule or surge rule — enforced by
 * partial unique indexes.
 * A re-fire shortly after the resolve reopens the same row, so it keeps its `dedup_key`.
 */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null once the rule is deleted; `rule_name` keeps what it was called. */
    ruleId: uuid('rule_id').references(() => rules.id, { onDelete: 'set null' }),
    /** Set instead of `rule_id` for an incident opened by a surge rule above its incident tier. */
    surgeRuleId: uuid('surge_rule_id').references(() => surgeRules.id, { onDelete: 'set null' }),
    ruleName: text('rule_name').notNull(),
    seriesKey: text('series_key').notNull(),
    series: jsonb('series').$type<SeriesLabels>().notNull(),
    status: incidentStatusEnum('status').notNull().default('triggered'),
    severity: severityEnum('severity').notNull(),
    title: text('title').notNull(),
    value: doublePrecision('value'),
    threshold: doublePrecision('threshold'),
    flapping: boolean('flapping').notNull().default(false),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** `auto` when the rule cleared, else the id of the user who resolved it. */
    resolvedBy: text('resolved_by'),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    /** Stable across reopenings; the PagerDuty dedup_key. */
    dedupKey: text('dedup_key').notNull().unique(),
    reopenedCount: integer('reopened_count').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('incidents_open_series_idx')
      .on(t.ruleId, t.seriesKey)
      .where(sql`${t.status} <> 'resolved'`),
    uniqueIndex('incidents_open_surge_series_idx')
      .on(t.surgeRuleId, t.seriesKey)
      .where(sql`${t.status} <> 'resolved'`),
    index('incidents_opened_at_idx').on(t.openedAt.desc()),
    index('incidents_status_opened_idx').on(t.status, t.openedAt.desc()),
    index('incidents_rule_series_resolved_idx').on(t.ruleId, t.seriesKey, t.resolvedAt.desc()),
    // A surge rule's latest incidents, read at every evaluation (each second): without it a scan of
    // every incident ever kept (17 ms at 50,000) per surge rule per second.
    index('incidents_surge_series_resolved_idx').on(t.surgeRuleId, t.seriesKey, t.resolvedAt.desc()),
  ],
);
