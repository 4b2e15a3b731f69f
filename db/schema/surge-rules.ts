import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { SurgeWindow } from '../../lib/surge/windows';
import { severityEnum } from './alerting-enums';

/** One step of a surge rule: at a demand/supply ratio of at least `ratio`, the multiplier is `multiplier`. */
export type SurgeTier = { ratio: number; multiplier: number };

/**
 * Surge rules (DESIGN.md "Alerting model"): the ratio of a demand metric to a supply metric per group,
 * mapped to a multiplier through tiers, with a cap, a hold time and a cooldown. Their own resource, not an
 * alert kind.
 */
export const surgeRules = pgTable(
  'surge_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    demandMetric: text('demand_metric').notNull(),
    supplyMetric: text('supply_metric').notNull(),
    groupBy: jsonb('group_by').$type<string[]>().notNull().default([]),
    window: text('eval_window').$type<SurgeWindow>().notNull().default('5m'),
    /** Sorted by ratio, ascending. */
    tiers: jsonb('tiers').$type<SurgeTier[]>().notNull(),
    cap: doublePrecision('cap'),
    holdSeconds: integer('hold_seconds').notNull().default(0),
    cooldownSeconds: integer('cooldown_seconds').notNull().default(0),
    /** The multiplier from which an incident should open; null for none. */
    incidentMultiplier: doublePrecision('incident_multiplier'),
    severity: severityEnum('severity').notNull().default('warning'),
    enabled: boolean('enabled').notNull().default(true),
    /** Seeded by the demo (PULSEBOARD_DEMO=on) as an example; editable and removable like any other. */
    demo: boolean('demo').notNull().default(false),
    /**
     * Why the engine could not evaluate it, as of its last failed evaluation; null while it evaluates (cleared
     * by the next evaluation that succeeds). Written by the worker only, never by an edit.
     */
    evalError: text('eval_error'),
    /** The first of the failed evaluations in a row. */
    evalFailingSince: timestamp('eval_failing_since', { withTimezone: true }),
    /** The latest failed evaluation. */
    evalFailedAt: timestamp('eval_failed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('surge_rules_enabled_idx').on(t.enabled)],
);

/** The current multiplier of one group of a surge rule. */
export const surgeState = pgTable(
  'surge_state',
  {
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => surgeRules.id, { onDelete: 'cascade' }),
    groupKey: text('group_key').notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    multiplier: doublePrecision('multiplier').notNull(),
    ratio: doublePrecision('ratio'),
    /** When the group reached its current multiplier. */
    since: timestamp('since', { withTimezone: true }).notNull(),
    lastChangeAt: timestamp('last_change_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.groupKey] })],
);
