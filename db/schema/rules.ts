import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { RuleWindow } from '../../lib/alerting/types';
import { severityEnum } from './alerting-enums';

/**
 * Alert rules. `kind` names an entry of the kind registry (lib/alerting/kinds) and `params` holds that
 * kind's settings, validated by its own zod schema; kinds are plain text so new ones need no migration.
 */
export const rules = pgTable(
  'rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    kind: text('kind').notNull(),
    metric: text('metric').notNull(),
    groupBy: jsonb('group_by').$type<string[]>().notNull().default([]),
    window: text('eval_window').$type<RuleWindow>().notNull().default('5m'),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    pendingSeconds: integer('pending_seconds').notNull().default(0),
    severity: severityEnum('severity').notNull().default('warning'),
    labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
    runbookUrl: text('runbook_url'),
    /** Stored for the notification issue, which delivers to them. */
    channelIds: jsonb('channel_ids').$type<string[]>().notNull().default([]),
    policyId: uuid('policy_id'),
    /** At most this many firing notices per hour per channel; null = no budget. */
    notifyBudgetPerHour: integer('notify_budget_per_hour'),
    autoResolve: boolean('auto_resolve').notNull().default(true),
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
  (t) => [index('rules_enabled_idx').on(t.enabled)],
);
