import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Severity } from '../../lib/alerting/types';
import type { ChannelType, DeliveryAction, DeliveryStatus } from '../../lib/notifications/kinds';
import { incidents } from './incidents';

export {
  channelTypes,
  deliveryActions,
  deliveryStatuses,
  type ChannelType,
  type DeliveryAction,
  type DeliveryStatus,
} from '../../lib/notifications/kinds';

/**
 * Notification channels. `config` holds the plain settings (e-mail from/to); `secrets` the AES-256-GCM
 * ciphertext (lib/notifications/secrets.ts) of the JSON object of secret fields (URLs, keys, passwords).
 */
export const channels = pgTable('channels', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  type: text('type').$type<ChannelType>().notNull(),
  enabled: boolean('enabled').notNull().default(true),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  secrets: text('secrets').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type PolicyMatch = { severities?: Severity[]; labels?: Record<string, string> };
export type PolicyStep = { afterMinutes: number; channelIds: string[] };

/** Notification policies: which incidents they take (severity, labels) and the escalation steps. */
export const notificationPolicies = pgTable('notification_policies', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  match: jsonb('match').$type<PolicyMatch>().notNull().default({}),
  steps: jsonb('steps').$type<PolicyStep[]>().notNull().default([]),
  repeatMinutes: real('repeat_minutes'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row per (incident change, channel) — or per escalation step, repeat, test or resend — keyed by
 * `idempotency_key`, which is also the BullMQ job id. `seq` orders the deliveries of one incident and channel.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    incidentId: uuid('incident_id').references(() => incidents.id, { onDelete: 'cascade' }),
    /** The incident change behind it; for escalations and repeats, the change that opened the firing cycle. */
    incidentEventId: bigint('incident_event_id', { mode: 'number' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    action: text('action').$type<DeliveryAction>().notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('queued'),
    /** What the message says, captured when the change happened (lib/notifications/message.ts). */
    context: jsonb('context').$type<Record<string, unknown>>().notNull().default({}),
    attemptCount: integer('attempt_count').notNull().default(0),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    resendOf: uuid('resend_of'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('deliveries_created_idx').on(t.createdAt.desc()),
    index('deliveries_incident_channel_idx').on(t.incidentId, t.channelId, t.seq),
    index('deliveries_channel_created_idx').on(t.channelId, t.createdAt.desc()),
    index('deliveries_unfinished_idx')
      .on(t.status, t.updatedAt)
      .where(sql`${t.status} in ('queued', 'sending', 'retrying')`),
    // The Pipeline page counts the last hour's failed and dead deliveries every 2 s: without it, two
    // scans of the whole delivery log (80 ms at 200,000 deliveries).
    index('deliveries_final_idx')
      .on(t.status, t.updatedAt)
      .where(sql`${t.status} in ('failed', 'dead')`),
    // The delivery log filtered by a status, newest first: a rare status read the whole log by time.
    index('deliveries_status_created_idx').on(t.status, t.createdAt.desc(), t.seq.desc()),
  ],
);

/** Every attempt to send a delivery: the delivery log. */
export const deliveryAttempts = pgTable(
  'delivery_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    statusCode: integer('status_code'),
    responseExcerpt: text('response_excerpt'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('delivery_attempts_delivery_idx').on(t.deliveryId, t.id)],
);

/**
 * The outbox reader's position in incident_events: every event up to `watermark` is handled; events
 * above it are read again (idempotently) until the transactions that were running when they were read
 * (`pending_xmax`) have all finished, so a late commit with a lower id is never skipped.
 */
export const notificationOutbox = pgTable('notification_outbox', {
  name: text('name').primaryKey(),
  watermark: bigint('watermark', { mode: 'number' }).notNull().default(0),
  pendingMax: bigint('pending_max', { mode: 'number' }),
  pendingXmax: text('pending_xmax'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Escalation state: the incident's current firing cycle and the policies it was routed through. */
export const incidentNotifyState = pgTable(
  'incident_notify_state',
  {
    incidentId: uuid('incident_id')
      .primaryKey()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    cycleEventId: bigint('cycle_event_id', { mode: 'number' }).notNull(),
    cycleStartedAt: timestamp('cycle_started_at', { withTimezone: true }).notNull(),
    policyIds: jsonb('policy_ids').$type<string[]>().notNull().default([]),
  },
  (t) => [index('incident_notify_state_started_idx').on(t.cycleStartedAt)],
);
