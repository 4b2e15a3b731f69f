import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Every configuration change and incident action: who, when, what, and the fields that changed. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorEmail: text('actor_email').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at.desc()),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
    // The audit page's filters, newest first; the log is never purged, so without them each filter
    // scanned it whole.
    index('audit_log_actor_idx').on(t.actorId, t.id),
    index('audit_log_actor_email_idx').on(t.actorEmail, t.id),
    // text_pattern_ops: the prefix filter (`user` for every `user.*` action) is a LIKE 'user.%'.
    index('audit_log_action_idx').on(t.action.op('text_pattern_ops'), t.id),
    index('audit_log_target_id_idx').on(t.targetId, t.id),
  ],
);
