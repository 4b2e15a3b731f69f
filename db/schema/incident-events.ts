import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { IncidentEventKind } from '../../lib/alerting/types';
import { incidents } from './incidents';

/** An incident's timeline: state changes, acknowledgements, comments, assignments, notification attempts. */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    kind: text('kind').$type<IncidentEventKind>().notNull(),
    /** Null for the rules engine itself. */
    actorId: uuid('actor_id'),
    actorEmail: text('actor_email'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('incident_events_incident_idx').on(t.incidentId, t.at, t.id)],
);
